using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;
using static IncidentKit.Tests.Sla.SlaTestData;

namespace IncidentKit.Tests.Sla;

public class SlaEngineTests
{
    // Friday 19 June 2026, 16:00 London (BST) = 15:00Z; Mon–Fri 09:00–17:30 calendar.
    private static readonly Instant FridayFour = Instant.FromUtc(2026, 6, 19, 15, 0);

    [Fact]
    public void Evaluate_P1OpenedFridayAfternoon_DueInstantsRunOverTheWeekend()
    {
        var history = SlaHistory.Opened(FridayFour, Priority.P1);
        var state = Engine().Evaluate(history.Events, Instant.FromUtc(2026, 6, 19, 15, 30));

        Assert.Equal("standard", state.Policy.Name);
        // Response 2h: 1.5h on Friday, 0.5h on Monday.
        Assert.Equal(Instant.FromUtc(2026, 6, 22, 8, 30), state.Response.DueAt);
        Assert.Equal(SlaClockStatus.Running, state.Response.Status);
        Assert.Equal(Duration.FromMinutes(30), state.Response.Elapsed);
        Assert.Equal(Duration.FromMinutes(90), state.Response.Remaining);
        Assert.Equal(Instant.FromUtc(2026, 6, 19, 16, 0), state.Response.NextThresholdAt);
        Assert.Equal(50, state.Response.NextThresholdPercent);
        // Resolution 8h: 1.5h on Friday, 6.5h on Monday.
        Assert.Equal(Instant.FromUtc(2026, 6, 22, 14, 30), state.Resolution.DueAt);
        // Update every hour: Friday 17:00 London.
        Assert.Equal(Instant.FromUtc(2026, 6, 19, 16, 0), state.Update.DueAt);
        Assert.Equal(1, state.Update.Cycle);
    }

    [Fact]
    public void Evaluate_WeekendWithTheClocksGoingBack_DueInstantsFollowTheNewOffset()
    {
        // Friday 23 October 2026 16:00 BST = 15:00Z; London returns to GMT on Sunday the 25th.
        var history = SlaHistory.Opened(Instant.FromUtc(2026, 10, 23, 15, 0), Priority.P1);

        var state = Engine().Evaluate(history.Events, Instant.FromUtc(2026, 10, 24, 12, 0));

        Assert.Equal(Instant.FromUtc(2026, 10, 26, 9, 30), state.Response.DueAt);
        Assert.Equal(Instant.FromUtc(2026, 10, 26, 15, 30), state.Resolution.DueAt);
    }

    [Fact]
    public void Evaluate_OverTheWeekend_ClockRunsButCountsNothing()
    {
        var history = SlaHistory.Opened(FridayFour, Priority.P1);
        var state = Engine().Evaluate(history.Events, Instant.FromUtc(2026, 6, 20, 12, 0));

        Assert.Equal(SlaClockStatus.Running, state.Response.Status);
        Assert.Equal(Duration.FromMinutes(90), state.Response.Elapsed);
        // 90 % of 2h = 108 min: the 75 % threshold fell at Friday's closing time, 90 % is Monday 09:18 London.
        Assert.Equal(Instant.FromUtc(2026, 6, 22, 8, 18), state.Response.NextThresholdAt);
        Assert.Equal(90, state.Response.NextThresholdPercent);
        Assert.Equal(SlaClockStatus.Breached, state.Update.Status);
    }

    [Fact]
    public void GetDueEvents_WarningsAreBusinessTimeFractions()
    {
        var history = SlaHistory.Opened(FridayFour, Priority.P1);
        var due = Engine().GetDueEvents(history.Events, Instant.FromUtc(2026, 6, 22, 23, 0))
            .Where(d => d.Target == SlaTargetKind.Resolution).ToList();

        Assert.Equal(
            [
                new SlaDueEvent(Instant.FromUtc(2026, 6, 22, 10, 30), SlaTargetKind.Resolution, SlaEventKind.Warning, 50, 1, Instant.FromUtc(2026, 6, 22, 14, 30)),
                new SlaDueEvent(Instant.FromUtc(2026, 6, 22, 12, 30), SlaTargetKind.Resolution, SlaEventKind.Warning, 75, 1, Instant.FromUtc(2026, 6, 22, 14, 30)),
                new SlaDueEvent(Instant.FromUtc(2026, 6, 22, 13, 42), SlaTargetKind.Resolution, SlaEventKind.Warning, 90, 1, Instant.FromUtc(2026, 6, 22, 14, 30)),
                new SlaDueEvent(Instant.FromUtc(2026, 6, 22, 14, 30), SlaTargetKind.Resolution, SlaEventKind.Breach, 100, 1, Instant.FromUtc(2026, 6, 22, 14, 30)),
            ], due);
    }

    [Fact]
    public void Evaluate_OnHold_PausesResolutionButNotResponse()
    {
        // Monday 22 June 09:00 London; on hold 10:00–12:00.
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).OnHold(Bst(6, 22, 10));
        var engine = Engine();

        var held = engine.Evaluate(history.Events, Bst(6, 22, 11, 30));
        Assert.Equal(SlaClockStatus.Breached, held.Response.Status);
        Assert.Equal(Bst(6, 22, 11), held.Response.DueAt);
        Assert.Equal(SlaClockStatus.Paused, held.Resolution.Status);
        Assert.Null(held.Resolution.DueAt);
        Assert.Null(held.Resolution.NextThresholdAt);
        Assert.Equal(Duration.FromHours(1), held.Resolution.Elapsed);

        history.Resumed(Bst(6, 22, 12));
        var resumed = engine.Evaluate(history.Events, Bst(6, 22, 13));
        Assert.Equal(SlaClockStatus.Running, resumed.Resolution.Status);
        Assert.Equal(Duration.FromHours(2), resumed.Resolution.Elapsed);
        // 8h from 09:00 with 2h paused: 6.5h on Monday to 17:30, 1.5h on Tuesday.
        Assert.Equal(Bst(6, 23, 10, 30), resumed.Resolution.DueAt);
    }

    [Fact]
    public void Evaluate_PausingStatesConfigured_ResponsePausesToo()
    {
        var policy = new SlaPolicyBuilder("strict").SetDefaultCalendar("office")
            .SetTarget(Priority.P1, SlaTargetKind.Response, Duration.FromHours(2))
            .SetPausingStates(SlaTargetKind.Response, IncidentKit.Incidents.IncidentState.OnHold)
            .Build();
        var engine = new SlaEngine(SlaPolicySet.ForAll(policy), CalendarsByName);
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).OnHold(Bst(6, 22, 10)).Resumed(Bst(6, 22, 12));

        Assert.Equal(Bst(6, 22, 13), engine.Evaluate(history.Events, Bst(6, 22, 12)).Response.DueAt);
        Assert.Equal(SlaClockStatus.NotApplicable, engine.Evaluate(history.Events, Bst(6, 22, 12)).Resolution.Status);
    }

    [Fact]
    public void Evaluate_PriorityRaisedAfterAHold_NewTargetAppliesToTheWholeHistoryWithPauseKept()
    {
        // P3 (resolution 16h), on hold 10:00–11:00, raised to P1 (8h) at 12:00.
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P3)
            .OnHold(Bst(6, 22, 10)).Resumed(Bst(6, 22, 11))
            .PriorityChanged(Bst(6, 22, 12), Priority.P1);

        var state = Engine().Evaluate(history.Events, Bst(6, 22, 13));

        Assert.Equal(Duration.FromHours(8), state.Resolution.Target);
        Assert.Equal(Bst(6, 22, 9), state.Resolution.StartedAt);
        Assert.Equal(Duration.FromHours(3), state.Resolution.Elapsed);
        Assert.Equal(Duration.FromHours(5), state.Resolution.Remaining);
        // 7.5h left on Monday after the hour's pause, then 0.5h on Tuesday.
        Assert.Equal(Bst(6, 23, 9, 30), state.Resolution.DueAt);
        Assert.Equal(Bst(6, 22, 11), state.Response.DueAt);
    }

    [Fact]
    public void Evaluate_PriorityLoweredAfterABreach_ClockRecomputesFromHistory()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1)
            .PriorityChanged(Bst(6, 22, 12), Priority.P3);

        var state = Engine().Evaluate(history.Events, Bst(6, 22, 12));

        Assert.Equal(SlaClockStatus.Running, state.Response.Status);
        Assert.Equal(Bst(6, 22, 13), state.Response.DueAt);
        Assert.Equal(SlaClockStatus.NotApplicable, state.Update.Status);
    }

    [Fact]
    public void Evaluate_RecategorisedIntoNetwork_SelectsTheGoldPolicy()
    {
        var history = SlaHistory.Opened(Bst(6, 19, 16), Priority.P1, "software")
            .Recategorised(Bst(6, 19, 17), "network/wan");

        var state = Engine().Evaluate(history.Events, Bst(6, 19, 18));

        Assert.Equal("gold", state.Policy.Name);
        // 24x7 from the opening: 4h after Friday 16:00 London.
        Assert.Equal(Bst(6, 19, 20), state.Resolution.DueAt);
        Assert.Null(state.Resolution.Calendar);
        Assert.Equal(SlaClockStatus.NotApplicable, state.Response.Status);
    }

    [Fact]
    public void Evaluate_ReopenInRestartMode_StartsANewResolutionCycleAtTheReopen()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1)
            .Acknowledged(Bst(6, 22, 9, 30)).Resolved(Bst(6, 22, 11)).Reopened(Bst(6, 22, 14));

        var state = Engine(SlaReopenMode.Restart).Evaluate(history.Events, Bst(6, 22, 15));

        Assert.Equal(2, state.Resolution.Cycle);
        Assert.Equal(Bst(6, 22, 14), state.Resolution.StartedAt);
        Assert.Equal(Duration.FromHours(1), state.Resolution.Elapsed);
        // 3.5h on Monday from 14:00, 4.5h on Tuesday.
        Assert.Equal(Bst(6, 23, 13, 30), state.Resolution.DueAt);
        Assert.Equal(SlaClockStatus.Met, state.Response.Status);
    }

    [Fact]
    public void Evaluate_ReopenInContinueMode_KeepsCountingFromTheOpeningWithoutTheResolvedSpell()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1)
            .Acknowledged(Bst(6, 22, 9, 30)).Resolved(Bst(6, 22, 11)).Reopened(Bst(6, 22, 14));

        var state = Engine(SlaReopenMode.Continue).Evaluate(history.Events, Bst(6, 22, 15));

        Assert.Equal(1, state.Resolution.Cycle);
        Assert.Equal(Bst(6, 22, 9), state.Resolution.StartedAt);
        Assert.Equal(Duration.FromHours(3), state.Resolution.Elapsed);
        // 2h used before the resolution; 6h from 14:00: 3.5h on Monday, 2.5h on Tuesday.
        Assert.Equal(Bst(6, 23, 11, 30), state.Resolution.DueAt);
    }

    [Fact]
    public void GetDueEvents_ContinueModeAfterAMet_CanStillBreach()
    {
        var engine = Engine(SlaReopenMode.Continue);
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).Acknowledged(Bst(6, 22, 9, 30)).Resolved(Bst(6, 22, 10));
        var incident = IncidentKit.Incidents.Incident.FromHistory(history.Events);
        incident.RecordDueSlaEvents(engine, Bst(6, 22, 10), UserId.System);
        Assert.Contains(incident.Events, e => e is SlaMet { Target: SlaTargetKind.Resolution });

        incident = IncidentKit.Incidents.Incident.FromHistory(incident.Events.Append(new IncidentReopened(Guid.NewGuid(), Bst(6, 22, 11), SlaHistory.Agent, "back")));
        var due = engine.GetDueEvents(incident.Events, Bst(6, 23, 12)).Where(d => d.Target == SlaTargetKind.Resolution).ToList();

        // 1h used before; 7h from 11:00 Monday: 6.5h to Monday's close, 0.5h on Tuesday.
        Assert.Contains(new SlaDueEvent(Bst(6, 23, 9, 30), SlaTargetKind.Resolution, SlaEventKind.Breach, 100, 1, Bst(6, 23, 9, 30)), due);
        Assert.DoesNotContain(due, d => d.Kind == SlaEventKind.Met);
    }

    [Fact]
    public void Evaluate_Cancelled_StopsEveryRunningClock()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).Cancelled(Bst(6, 22, 10, 15));
        var engine = Engine();

        var state = engine.Evaluate(history.Events, Bst(6, 22, 16));

        Assert.Equal(SlaClockStatus.Cancelled, state.Response.Status);
        Assert.Equal(SlaClockStatus.Cancelled, state.Resolution.Status);
        Assert.Equal(Duration.FromMinutes(75), state.Resolution.Elapsed);
        Assert.Null(state.Resolution.NextThresholdAt);
        // Thresholds before the cancellation are still owed; nothing after it.
        var due = engine.GetDueEvents(history.Events, Bst(6, 30, 16));
        Assert.Equal(
            [(SlaTargetKind.Update, 50), (SlaTargetKind.Update, 75), (SlaTargetKind.Update, 90), (SlaTargetKind.Response, 50), (SlaTargetKind.Update, 100)],
            due.Select(d => (d.Target, d.Percent)));
        var incident = IncidentKit.Incidents.Incident.FromHistory(history.Events);
        Assert.Equal(5, incident.RecordDueSlaEvents(engine, Bst(6, 30, 16), UserId.System).Count);
        Assert.Null(engine.GetNextDue(incident.Events));
    }

    [Fact]
    public void Evaluate_ResolvedInTime_MetAndNoMoreThresholds()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).WorkStarted(Bst(6, 22, 10)).Resolved(Bst(6, 22, 12)).Closed(Bst(6, 22, 13));

        var state = Engine().Evaluate(history.Events, Bst(6, 29, 9));

        Assert.Equal(SlaClockStatus.Met, state.Response.Status);
        Assert.Equal(Duration.FromHours(1), state.Response.Elapsed);
        Assert.Equal(SlaClockStatus.Met, state.Resolution.Status);
        Assert.Equal(Duration.FromHours(3), state.Resolution.Elapsed);
        Assert.Equal(Duration.FromHours(5), state.Resolution.Remaining);
        Assert.Null(state.Resolution.NextThresholdAt);
    }

    [Fact]
    public void Evaluate_StoppedExactlyAtTheDueInstant_IsMet()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).Acknowledged(Bst(6, 22, 11));
        var engine = Engine();

        Assert.Equal(SlaClockStatus.Met, engine.Evaluate(history.Events, Bst(6, 22, 12)).Response.Status);
        var responseDue = engine.GetDueEvents(history.Events, Bst(6, 22, 12)).Where(d => d.Target == SlaTargetKind.Response).ToList();
        Assert.DoesNotContain(responseDue, d => d.Kind == SlaEventKind.Breach);
        Assert.Contains(new SlaDueEvent(Bst(6, 22, 11), SlaTargetKind.Response, SlaEventKind.Met, 100, 1, Bst(6, 22, 11)), responseDue);
    }

    [Fact]
    public void Evaluate_StatusUpdates_RestartTheUpdateClock()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).StatusUpdate(Bst(6, 22, 9, 50)).StatusUpdate(Bst(6, 22, 10, 30));
        var engine = Engine();

        var state = engine.Evaluate(history.Events, Bst(6, 22, 11));

        Assert.Equal(3, state.Update.Cycle);
        Assert.Equal(Bst(6, 22, 10, 30), state.Update.StartedAt);
        Assert.Equal(Bst(6, 22, 11, 30), state.Update.DueAt);
        Assert.Equal(SlaClockStatus.Running, state.Update.Status);
        // Cycle 1 reached 50 % and 75 % before the first update, cycle 2 its 50 % only; cycle 3 reaches 50 % at 11:00.
        var due = engine.GetDueEvents(history.Events, Bst(6, 22, 11));
        Assert.Equal([(1, 50), (1, 75), (2, 50), (3, 50)], due.Where(d => d.Target == SlaTargetKind.Update).Select(d => (d.Cycle, d.Percent)));
    }

    [Fact]
    public void Evaluate_StatusUpdatePredicate_CountsWorkNotes()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).WorkNote(Bst(6, 22, 9, 50));
        var plain = Engine().Evaluate(history.Events, Bst(6, 22, 10));
        var withNotes = Engine(options: new SlaEngineOptions { IsStatusUpdate = e => e is WorkNoteAdded }).Evaluate(history.Events, Bst(6, 22, 10));

        Assert.Equal(SlaClockStatus.Breached, plain.Update.Status);
        Assert.Equal(SlaClockStatus.Running, withNotes.Update.Status);
        Assert.Equal(Bst(6, 22, 10, 50), withNotes.Update.DueAt);
    }

    [Fact]
    public void Evaluate_ResolvedThenReopened_UpdateClockStopsAndRestarts()
    {
        var history = SlaHistory.Opened(Bst(6, 22, 9), Priority.P1).Resolved(Bst(6, 22, 9, 30));
        var engine = Engine();
        Assert.Equal(SlaClockStatus.Met, engine.Evaluate(history.Events, Bst(6, 22, 15)).Update.Status);
        Assert.DoesNotContain(engine.GetDueEvents(history.Events, Bst(6, 22, 15)), d => d.Target == SlaTargetKind.Update);

        history.Reopened(Bst(6, 22, 14));
        var state = engine.Evaluate(history.Events, Bst(6, 22, 14, 10));
        Assert.Equal(2, state.Update.Cycle);
        Assert.Equal(Bst(6, 22, 15), state.Update.DueAt);
    }

    [Fact]
    public void Evaluate_EmptyStream_Throws()
    {
        Assert.Throws<ArgumentException>(() => Engine().Evaluate([], Bst(6, 22, 9)));
        Assert.Throws<ArgumentException>(() => Engine().Evaluate([new IncidentAcknowledged(Guid.NewGuid(), Bst(6, 22, 9), SlaHistory.Agent)], Bst(6, 22, 9)));
    }

    [Fact]
    public void Constructor_UnknownCalendar_ListsEveryMissingName()
    {
        var policy = new SlaPolicyBuilder("p").SetDefaultCalendar("office")
            .SetTarget(Priority.P1, SlaTargetKind.Response, Duration.FromHours(1), "support")
            .SetTarget(Priority.P1, SlaTargetKind.Resolution, Duration.FromHours(1))
            .Build();

        var ex = Assert.Throws<ConfigurationValidationException>(() => new SlaEngine(SlaPolicySet.ForAll(policy)));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.Contains("'support'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'office'", StringComparison.Ordinal));
    }
}
