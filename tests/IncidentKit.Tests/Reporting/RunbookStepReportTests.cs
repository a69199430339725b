using IncidentKit.Incidents;
using IncidentKit.Reporting;
using IncidentKit.Runbooks;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Reporting;

// Issue 12 §2: runbook step timings feed the reports, not only the reviews.
public sealed class RunbookStepReportTests
{
    private static readonly Interval Period = new(At(-60), At(24 * 60));

    private static readonly Runbook Failover = new("db-failover", 3, "Database failover",
    [
        new RunbookStep("Page the DBA on call", true, Duration.FromMinutes(5), []),
        new RunbookStep("Check replication lag", false, null, []),
        new RunbookStep("Promote the replica", true, Duration.FromMinutes(30), []),
    ]);

    private static readonly Runbook Network = new("network", 1, "Network outage", [new RunbookStep("Check the uplinks", true, null, [])]);

    [Fact]
    public void ToReport_IncidentsWithRunbooks_CountsAndTimesEachStepOfEachVersion()
    {
        var a = Open(0);
        a.AttachRunbook(Failover.ToSnapshot(), null, At(0), Alice);
        a.CompleteRunbookStep(1, "paged", At(4), Alice);
        a.SkipRunbookStep(2, "lag is zero", At(6), Bob);
        a.CompleteRunbookStep(3, null, At(20), Bob);
        var b = Open(60);
        b.AttachRunbook(Failover.ToSnapshot(), null, At(60), Alice);
        b.CompleteRunbookStep(1, null, At(68), Alice);
        var c = Open(90);
        c.AttachRunbook(Network.ToSnapshot(), null, At(90), Alice);
        c.CompleteRunbookStep(1, null, At(93), Alice);
        var withoutRunbook = Open(100);

        // Left out as the rest of the report leaves them out: an exercise, and an incident opened before the period.
        var exercise = Incident.Open(IncidentId.New(), Tenant, Details() with { IsExercise = true }, At(10), Alice);
        exercise.AttachRunbook(Failover.ToSnapshot(), null, At(10), Alice);
        exercise.CompleteRunbookStep(1, null, At(11), Alice);
        var before = Open(-120);
        before.AttachRunbook(Failover.ToSnapshot(), null, At(-110), Alice);
        before.CompleteRunbookStep(1, null, At(-100), Alice);

        var report = Report(a, b, c, withoutRunbook, exercise, before);

        Assert.Equal(
        [
            ("db-failover", 3, 1, 2, 2, 0, 0, 1),
            ("db-failover", 3, 2, 2, 0, 1, 1, 0),
            ("db-failover", 3, 3, 2, 1, 0, 1, 0),
            ("network", 1, 1, 1, 1, 0, 0, 0),
        ], report.RunbookSteps.Select(s => (s.RunbookId, s.RunbookVersion, s.Step, s.Incidents, s.Completed, s.Skipped, s.Open, s.Overran)));

        // Step 1 took 4 and 8 minutes (expected 5: one overran); step 3 ran from the skip of step 2 at 6 to 20.
        var page = report.RunbookSteps[0];
        Assert.Equal(("Page the DBA on call", true, (Duration?)Duration.FromMinutes(5), "Database failover"), (page.Text, page.Required, page.ExpectedDuration, page.RunbookTitle));
        Assert.Equal((2, (Duration?)Duration.FromMinutes(6), (Duration?)Duration.FromMinutes(8)), (page.Took.Count, page.Took.Median, page.Took.P90));
        Assert.Equal(DurationStatistics.Empty, report.RunbookSteps[1].Took);
        Assert.Equal(Duration.FromMinutes(14), report.RunbookSteps[2].Took.Median);
        Assert.Equal(Duration.FromMinutes(3), report.RunbookSteps[3].Took.Mean);
    }

    [Fact]
    public void Render_ReportWithRunbookSteps_ShowsTheStepTableOnlyWhenThereAreSteps()
    {
        var a = Open(0);
        a.AttachRunbook(Failover.ToSnapshot(), null, At(0), Alice);
        a.CompleteRunbookStep(1, null, At(8), Alice);

        var html = ReportHtml.Render(Report(a));
        var plain = ReportHtml.Render(Report(Open(0)));

        Assert.Contains("<section id=\"runbooks\"><h2>Runbook steps</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Database failover (db-failover v3)</td><th scope=\"row\">1. Page the DBA on call</th><td>required</td><td>5m</td><td>1</td><td>1</td><td>0</td><td>0</td><td>8m</td><td>8m</td><td>1</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">2. Check replication lag</th><td>optional</td><td>–</td><td>1</td><td>0</td><td>0</td><td>1</td><td>–</td><td>–</td><td>0</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Runbook steps", plain, StringComparison.Ordinal);
    }

    private static Incident Open(int minute) => Incident.Open(IncidentId.New(), Tenant, Details(), At(minute), Alice);

    private static IncidentMetricsReport Report(params Incident[] incidents)
    {
        var accumulator = new IncidentMetricsAccumulator(new IncidentMetricsOptions { Tenant = Tenant, Period = Period });
        foreach (var incident in incidents)
        {
            accumulator.Add(new IncidentHistory(Tenant, incident.Id, incident.Version, 0, [.. incident.Events]));
        }

        return accumulator.ToReport();
    }
}
