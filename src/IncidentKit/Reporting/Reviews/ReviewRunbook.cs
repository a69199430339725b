using IncidentKit.Runbooks;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives the runbook an incident followed, as a review shows it: which version, when attached, and each step's timing.</summary>
/// <param name="Id">The runbook's id.</param>
/// <param name="Version">The runbook's version.</param>
/// <param name="Title">The runbook's title.</param>
/// <param name="AttachedAt">When it was attached.</param>
/// <param name="Steps">Each step in runbook order: its state, who finished it, how long it took and how long it should have.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewRunbook(string Id, int Version, string Title, Instant AttachedAt, IReadOnlyList<RunbookStepProgress> Steps)
{
    /// <summary>Returns the review's view of a runbook's progress.</summary>
    /// <param name="progress">The progress, from <see cref="RunbookProgress.Of(Incidents.Incident)"/>.</param>
    /// <returns>The review's runbook part.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    public static ReviewRunbook From(RunbookProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new(progress.Runbook.Id, progress.Runbook.Version, progress.Runbook.Title, progress.AttachedAt, progress.Steps);
    }
}
