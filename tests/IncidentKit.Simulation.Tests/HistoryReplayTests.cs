using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Simulation.Tests;

public sealed class HistoryReplayTests
{
    private static readonly TenantId Acme = new("acme");
    private static readonly TenantId Other = new("other");
    private static readonly Interval Week = new(Instant.FromUtc(2026, 1, 5, 0, 0), Instant.FromUtc(2026, 1, 12, 0, 0));

    // A real incident as it happened: opened, acknowledged by someone after `ack`, resolved `fix` after that.
    private static async Task WriteAsync(IncidentKit.Sqlite.SqliteIncidentStore store, TenantId tenant, Instant at, string title, Duration ack, Duration fix, string? source = null)
    {
        var incident = Incident.Open(IncidentId.New(), tenant, new NewIncident { Title = title, Impact = Impact.High, Urgency = Urgency.High, Source = source },
            at, new UserId("reporter"));
        incident.Acknowledge(at + ack, new UserId("zoe"));
        incident.Resolve("fixed", "Fixed.", at + ack + fix, new UserId("zoe"));
        await store.AppendAsync(IncidentChange.For(incident), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReadAsync_WeekFromSqlite_ReplaysThatWeekAgainstACandidateSchedule()
    {
        using var db = new TempSqlite();
        var ct = TestContext.Current.CancellationToken;
        await WriteAsync(db.Store, Acme, Instant.FromUtc(2026, 1, 6, 2, 0), "Queue backlog", Duration.FromMinutes(20), Duration.FromMinutes(30));
        await WriteAsync(db.Store, Acme, Instant.FromUtc(2026, 1, 7, 14, 0), "Login errors", Duration.FromMinutes(3), Duration.FromMinutes(45));
        await WriteAsync(db.Store, Acme, Instant.FromUtc(2026, 1, 8, 23, 30), "Disk full", Duration.FromMinutes(25), Duration.FromMinutes(10));
        await WriteAsync(db.Store, Acme, Instant.FromUtc(2026, 1, 20, 3, 0), "After the week", Duration.FromMinutes(5), Duration.FromMinutes(5));
        await WriteAsync(db.Store, Other, Instant.FromUtc(2026, 1, 6, 4, 0), "Another tenant's", Duration.FromMinutes(5), Duration.FromMinutes(5));
        var template = Scenario.FromJson(WhatIfScenarios.Scenario) with { Injects = [] };

        var replay = await HistoryReplay.ReadAsync(template, db.Store, Acme, Week, cancellationToken: ct);
        var comparison = Simulator.Compare(replay, replay.Configuration, SimulationConfiguration.FromJson(WhatIfScenarios.FollowTheSun));

        // Only acme's three incidents of that week, at their real instants, with their real fix times kept.
        Assert.Equal(["Queue backlog", "Login errors", "Disk full"], replay.Injects.Select(i => i.Incident!.Title));
        Assert.Equal(Instant.FromUtc(2026, 1, 6, 2, 0), replay.Injects[0].At);
        Assert.Equal(DelayDistribution.Fixed(Duration.FromMinutes(30)).ToString(), replay.Injects[0].ResolveAfter!.ToString());
        Assert.Equal(Instant.FromUtc(2026, 1, 13, 0, 0), replay.Until);

        // Weekly: alice takes all three, two at night (12 minutes each); follow-the-sun: carol takes those in her daytime (5).
        var (before, after) = (comparison.Baseline, comparison.Candidate);
        Assert.Equal((2, 0), (before.Summary.NightPages, after.Summary.NightPages));
        Assert.Equal((2, 0), (before.Summary.SlaBreaches, after.Summary.SlaBreaches));
        var backlog = after.Incidents[0];
        Assert.Equal(new UserId("carol"), backlog.AcknowledgedBy);
        Assert.Equal(Duration.FromMinutes(5), backlog.TimeToAcknowledge);
        Assert.Equal(Duration.FromMinutes(5 + 30), backlog.TimeToResolve);
    }

    [Fact]
    public async Task ReadAsync_WithAlerts_ReplaysAlertsThroughTheIntakeInsteadOfTheIncidentsTheyOpened()
    {
        using var db = new TempSqlite();
        var ct = TestContext.Current.CancellationToken;
        var firing = new Alert
        {
            Integration = "prometheus", Key = "replica-lag", Status = AlertStatus.Firing, StartsAt = Instant.FromUtc(2026, 1, 6, 10, 0),
            Summary = "Replica lag", Severity = "critical", Labels = new Dictionary<string, string> { ["alertname"] = "ReplicaLag" },
        };
        await db.Store.ReceiveAsync(new AlertReceived(Guid.NewGuid(), Acme, firing, Instant.FromUtc(2026, 1, 6, 10, 0)), ct);
        await db.Store.ReceiveAsync(new AlertReceived(Guid.NewGuid(), Acme, firing with { Status = AlertStatus.Resolved, EndsAt = Instant.FromUtc(2026, 1, 6, 10, 40) },
            Instant.FromUtc(2026, 1, 6, 10, 40)), ct);
        await WriteAsync(db.Store, Acme, Instant.FromUtc(2026, 1, 6, 10, 0), "Replica lag", Duration.FromMinutes(2), Duration.FromMinutes(30), source: "monitoring:prometheus");
        await WriteAsync(db.Store, Acme, Instant.FromUtc(2026, 1, 7, 14, 0), "Login errors", Duration.FromMinutes(3), Duration.FromMinutes(45));
        var template = Scenario.FromJson(WhatIfScenarios.Scenario) with { Injects = [] };

        var replay = await HistoryReplay.ReadAsync(template, db.Store, Acme, Week, db.Store, ct);
        var report = Simulator.Run(replay);

        // The monitoring incident is not injected twice: the firing alert opens it again through the intake, and its resolve
        // 40 minutes later resolves it (alice acknowledged after 4 minutes and would have needed the default 30 more).
        Assert.Equal(3, replay.Injects.Count);
        Assert.Equal(2, report.Incidents.Count);
        var lag = report.Incidents[0];
        Assert.Equal("Replica lag", lag.Title);
        Assert.Equal(Duration.FromMinutes(4), lag.TimeToAcknowledge);
        Assert.Equal(Duration.FromMinutes(34), lag.TimeToResolve);
        Assert.Contains(lag.Timeline, l => l.Contains("alert prometheus:replica-lag linked", StringComparison.Ordinal));
    }
}
