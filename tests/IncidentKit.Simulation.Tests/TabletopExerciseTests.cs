using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Reporting;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Simulation.Tests;

public sealed class TabletopExerciseTests
{
    private static Scenario Script() => Scenario.FromJson(Scenarios.DstScenario()
        .Replace("\"title\": \"Saturday checkout errors\"", "\"title\": \"Checkout errors\"", StringComparison.Ordinal)
        .Replace("\"incident\": { \"title\": \"Sunday API down\"", "\"note\": \"The API stops answering; alice is on a flight.\", \"incident\": { \"title\": \"Sunday API down\"", StringComparison.Ordinal));

    [Fact]
    public void Step_ThroughTheScript_ShowsEachInjectAndWhatFollowedUntilTheNext()
    {
        var exercise = new TabletopExercise(Script());

        var steps = new List<TabletopStep>();
        while (!exercise.IsFinished)
        {
            steps.Add(exercise.Step());
        }

        Assert.Equal(3, steps.Count);
        Assert.True(steps[2].IsLast);
        var third = steps[2];
        Assert.Equal("The API stops answering; alice is on a flight.", third.Note);
        Assert.Equal("inject 3: The API stops answering; alice is on a flight.", third.Lines[0].Text);
        Assert.Contains(third.Lines, l => l.Incident == "SIM-0003" && l.Text.StartsWith("opened P1 \"[EXERCISE] Sunday API down\"", StringComparison.Ordinal));
        Assert.Contains(third.Lines, l => l.At == Instant.FromUtc(2026, 3, 29, 8, 5) && l.Text.Contains("bob (Sun 09:05; answers after 3m)", StringComparison.Ordinal));
        Assert.Contains(third.Lines, l => l.Text == "notify drill: acknowledged");

        // The first step ends before the second inject: its incident was resolved by then and nothing of the second shows.
        Assert.All(steps[0].Lines, l => Assert.True(l.At < Instant.FromUtc(2026, 3, 29, 0, 30)));
        Assert.Contains(steps[0].Lines, l => l.Text == "resolved by alice");
        Assert.Throws<InvalidOperationException>(() => exercise.Step());
    }

    [Fact]
    public async Task SaveAsync_Exercise_IsFlaggedRoutedToTheDrillChannelAndLeftOutOfRealMetrics()
    {
        using var db = new TempSqlite();
        var ct = TestContext.Current.CancellationToken;
        var exercise = new TabletopExercise(Script());
        var report = exercise.Finish();
        var real = Incident.Open(IncidentId.New(), TenantId.Default, new NewIncident { Title = "A real one", Impact = Impact.High, Urgency = Urgency.High },
            Instant.FromUtc(2026, 3, 28, 12, 0), new UserId("reporter"));
        real.Acknowledge(Instant.FromUtc(2026, 3, 28, 12, 2), new UserId("alice"));
        await db.Store.AppendAsync(IncidentChange.For(real), ct);

        var saved = await exercise.SaveAsync(db.Store, ct);
        var options = new IncidentMetricsOptions { Tenant = TenantId.Default, Period = new Interval(Instant.FromUtc(2026, 3, 28, 0, 0), Instant.FromUtc(2026, 3, 30, 0, 0)) };
        var realMetrics = await IncidentMetrics.ReadAndComputeAsync(db.Store, options, cancellationToken: ct);
        var drillMetrics = await IncidentMetrics.ReadAndComputeAsync(db.Store, options with { IncludeExercises = true }, cancellationToken: ct);

        Assert.Equal(3, saved);
        Assert.All(report.Incidents, i => Assert.True(i.IsExercise));
        Assert.All(report.Incidents, i => Assert.StartsWith("[EXERCISE] ", i.Title, StringComparison.Ordinal));
        Assert.Equal(["drill"], report.Notifications.Keys);
        var stored = await db.Store.ListAsync(TenantId.Default, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, ct);
        Assert.Equal(3, stored.Items.Count(i => i.IsExercise));
        Assert.Equal(1, realMetrics.Opened);
        Assert.Equal(4, drillMetrics.Opened);
    }

    [Fact]
    public async Task SaveAsync_SavedAgain_WritesNothingMore()
    {
        using var db = new TempSqlite();
        var ct = TestContext.Current.CancellationToken;
        var exercise = new TabletopExercise(Script());
        exercise.Finish();

        var first = await exercise.SaveAsync(db.Store, ct);
        var again = await exercise.SaveAsync(db.Store, ct);

        var stored = await db.Store.ListAsync(TenantId.Default, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, ct);
        Assert.Equal(3, first);
        Assert.Equal(0, again);
        Assert.Equal(3, stored.Items.Count);
    }
}
