using IncidentKit.Incidents;

namespace IncidentKit.Simulation;

// Marks an exercise's incidents so that nothing mistakes them for real ones.
internal static class SimulationExercise
{
    public const string TitlePrefix = "[EXERCISE] ";

    public static NewIncident Mark(NewIncident details) => details with
    {
        Title = details.Title.StartsWith(TitlePrefix, StringComparison.Ordinal) ? details.Title : Truncate(TitlePrefix + details.Title),
        Source = "exercise",
        IsExercise = true,
    };

    private static string Truncate(string title) => title.Length <= 200 ? title : title[..199] + "…";
}
