using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.Sla.SlaTestData;

namespace IncidentKit.Tests.Sla;

public class SlaRecordingTests
{
    private static readonly Instant FridayFour = Instant.FromUtc(2026, 6, 19, 15, 0);

    [Fact]
    public void GetNextDue_FreshIncident_ReturnsTheFirstThreshold()
    {
        var history = SlaHistory.Opened(FridayFour, Priority.P1);

        var next = Engine().GetNextDue(history.Events);

        // Update every hour: 50 % is 30 minutes after the opening.
        Assert.Equal(new SlaDueEvent(Instant.FromUtc(2026, 6, 19, 15, 30), SlaTargetKind.Update, SlaEventKind.Warning, 50, 1, Instant.FromUtc(2026, 6, 19, 16, 0)), next);
    }

    [Fact]
    public void RecordDueSlaEvents_WorkerDownOverTheWeekend_RecordsEveryMissedThresholdOnceAtItsTrueInstant()
    {
        var engine = Engine();
        var clock = new FakeClock(FridayFour);
        var incident = Incident.FromHistory(SlaHistory.Opened(FridayFour, Priority.P1).Events);

        // The worker wakes on Monday 09:20 London, after the weekend's downtime.
        clock.Reset(Instant.FromUtc(2026, 6, 22, 8, 20));
        var recorded = incident.RecordDueSlaEvents(engine, clock.GetCurrentInstant(), UserId.System);

        Assert.Equal(
            [
                "Update Warning 50 2026-06-19T15:30:00Z", "Update Warning 75 2026-06-19T15:45:00Z", "Update Warning 90 2026-06-19T15:54:00Z",
                "Response Warning 50 2026-06-19T16:00:00Z", "Update Breach 100 2026-06-19T16:00:00Z",
                "Response Warning 75 2026-06-19T16:30:00Z", "Response Warning 90 2026-06-22T08:18:00Z",
            ],
            recorded.Select(Describe));
        Assert.All(recorded, e => Assert.Equal(UserId.System, e.Actor));
        Assert.Equal(recorded, incident.PendingEvents);

        // Nothing more is due now; the next one is the response breach at 09:30 London.
        Assert.Empty(engine.GetDueEvents(incident.Events, clock.GetCurrentInstant()));
        var next = engine.GetNextDue(incident.Events);
        Assert.Equal((Instant.FromUtc(2026, 6, 22, 8, 30), SlaTargetKind.Response, SlaEventKind.Breach), (next!.Value.At, next.Value.Target, next.Value.Kind));
    }

    [Fact]
    public void RecordDueSlaEvents_AfterRebuildFromHistory_DoesNotReemit()
    {
        var engine = Engine();
        var incident = Incident.FromHistory(SlaHistory.Opened(FridayFour, Priority.P1).Events);
        var now = Instant.FromUtc(2026, 6, 22, 8, 20);
        incident.RecordDueSlaEvents(engine, now, UserId.System);

        // Round-trip through the storage format, as a store would.
        var stored = incident.Events.Select(IncidentEventSerializer.Serialize).ToList();
        var reloaded = Incident.FromHistory(stored.Select(IncidentEventSerializer.Deserialize));

        Assert.Empty(reloaded.RecordDueSlaEvents(engine, now, UserId.System));
        Assert.Empty(reloaded.RecordSlaEvents(engine.GetDueEvents(incident.Events.Take(1).ToList(), now), UserId.System));
        Assert.Equal(incident.Version, reloaded.Version);
    }

    [Fact]
    public void RecordSlaEvents_SameBatchTwice_RecordsOnce()
    {
        var engine = Engine();
        var incident = Incident.FromHistory(SlaHistory.Opened(FridayFour, Priority.P1).Events);
        var due = engine.GetDueEvents(incident.Events, Instant.FromUtc(2026, 6, 19, 16, 0));

        Assert.Equal(5, incident.RecordSlaEvents([.. due, .. due], UserId.System).Count);
        Assert.Empty(incident.RecordSlaEvents(due, UserId.System));
    }

    [Fact]
    public void RecordDueSlaEvents_AcknowledgedInTime_RecordsMetAtTheAcknowledgement()
    {
        var engine = Engine();
        var incident = Incident.FromHistory(SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).Acknowledged(Bst(6, 22, 10, 30)).Events);

        var recorded = incident.RecordDueSlaEvents(engine, Bst(6, 22, 10, 30), UserId.System);

        var met = Assert.Single(recorded.OfType<SlaMet>());
        Assert.Equal((Bst(6, 22, 10, 30), SlaTargetKind.Response, 1, (Instant?)Bst(6, 22, 11)), (met.At, met.Target, met.Cycle, met.DueAt));
        Assert.Contains(recorded, e => e is SlaWarningReached { Target: SlaTargetKind.Response, Percent: 50 });
        Assert.DoesNotContain(recorded, e => e is SlaWarningReached { Target: SlaTargetKind.Response, Percent: 90 });
    }

    [Fact]
    public void RecordDueSlaEvents_BreachRecordedThenPriorityLowered_BreachIsNotWithdrawnAndNotRepeated()
    {
        var engine = Engine();
        var incident = Incident.FromHistory(SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).Events);
        incident.RecordDueSlaEvents(engine, Bst(6, 22, 11, 5), UserId.System);
        Assert.Contains(incident.Events, e => e is SlaBreached { Target: SlaTargetKind.Response });

        incident = Incident.FromHistory(incident.Events.Append(
            new PriorityChanged(Guid.NewGuid(), Bst(6, 22, 11, 10), SlaHistory.Agent, Impact.Low, Urgency.Low, Priority.P3, "not that bad", true)));

        Assert.Equal(SlaClockStatus.Running, incident.GetSlaState(engine, Bst(6, 22, 12)).Response.Status);
        // The P3 response (4h) falls due at 13:00 London, but the breach was recorded already.
        Assert.DoesNotContain(engine.GetDueEvents(incident.Events, Bst(6, 22, 14)), d => d.Target == SlaTargetKind.Response && d.Kind == SlaEventKind.Breach);
    }

    [Fact]
    public void RecordSlaEvents_MalformedEvent_Throws()
    {
        var incident = Incident.FromHistory(SlaHistory.Opened(FridayFour, Priority.P1).Events);

        Assert.Throws<ArgumentException>(() => incident.RecordSlaEvents(
            [new SlaDueEvent(FridayFour, SlaTargetKind.Response, SlaEventKind.Warning, 100, 1, FridayFour)], UserId.System));
        Assert.Throws<ArgumentException>(() => incident.RecordSlaEvents(
            [new SlaDueEvent(FridayFour, SlaTargetKind.Response, SlaEventKind.Breach, 100, 1, null)], UserId.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => incident.RecordSlaEvents(
            [
                new SlaDueEvent(FridayFour, SlaTargetKind.Response, SlaEventKind.Warning, 50, 1, FridayFour),
                new SlaDueEvent(FridayFour - Duration.FromHours(1), SlaTargetKind.Response, SlaEventKind.Breach, 100, 1, FridayFour),
            ], UserId.System));
        Assert.Empty(incident.PendingEvents);
    }

    [Theory]
    [MemberData(nameof(SlaEvents))]
    public void Serializer_SlaEvents_RoundTrip(IncidentEvent e, string discriminator)
    {
        string json = IncidentEventSerializer.Serialize(e);

        Assert.Contains($"\"type\":\"{discriminator}\"", json, StringComparison.Ordinal);
        Assert.Equal(e, IncidentEventSerializer.Deserialize(json));
    }

    public static TheoryData<IncidentEvent, string> SlaEvents() => new()
    {
        { new SlaWarningReached(Guid.NewGuid(), FridayFour, UserId.System, SlaTargetKind.Resolution, 2, 75, FridayFour + Duration.FromHours(3)), "sla-warning-reached" },
        { new SlaBreached(Guid.NewGuid(), FridayFour, UserId.System, SlaTargetKind.Update, 3, FridayFour), "sla-breached" },
        { new SlaMet(Guid.NewGuid(), FridayFour, UserId.System, SlaTargetKind.Response, 1, FridayFour + Duration.FromMinutes(5)), "sla-met" },
        { new SlaMet(Guid.NewGuid(), FridayFour, UserId.System, SlaTargetKind.Response, 1, null), "sla-met" },
    };

    private static string Describe(IncidentEvent e) => e switch
    {
        SlaWarningReached w => $"{w.Target} Warning {w.Percent} {w.At}",
        SlaBreached b => $"{b.Target} Breach 100 {b.At}",
        SlaMet m => $"{m.Target} Met 100 {m.At}",
        _ => e.ToString(),
    };
}
