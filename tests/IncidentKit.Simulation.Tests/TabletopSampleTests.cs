namespace IncidentKit.Simulation.Tests;

// The README's "Drills and what-if" section prints what the tabletop sample prints from these files; these tests keep it true.
public sealed class TabletopSampleTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    [Fact]
    public void Compare_SampleSchedulesOverJanuary_PrintsTheReadmeHeadline()
    {
        var weekly = SimulationConfiguration.FromJson(Read("weekly.json"));
        var followTheSun = SimulationConfiguration.FromJson(Read("follow-the-sun.json"));

        var comparison = Simulator.Compare(Scenario.FromJson(Read("january.json"), weekly), weekly, followTheSun);

        Assert.Equal("weekly vs follow-the-sun: night pages 38 → 3, p90 time to acknowledge 10.8 min → 6.4 min, breaches 11 → 0", comparison.Headline());
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "README.md"));
        Assert.Contains(comparison.ToText().TrimEnd(), readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_SampleDrill_EscalatesPastTheSilentPhoneEachTime()
    {
        var drill = new TabletopExercise(Scenario.FromJson(Read("drill.json"), SimulationConfiguration.FromJson(Read("weekly.json"))));

        var report = drill.Finish();

        Assert.Equal((2, 4, 2, 2), (report.Summary.Incidents, report.Summary.Pages, report.Summary.UnreachableSteps, report.Summary.SlaBreaches));
        Assert.All(report.Incidents, i => Assert.Equal(new UserId("mia"), i.AcknowledgedBy));
        Assert.Equal(["#payments-drill"], report.Notifications.Keys);
    }
}
