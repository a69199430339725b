using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

public sealed partial class EscalationEngineTests
{
    private static (int Level, int Round, EscalationTrigger Trigger, Instant At) Row(EscalationStepFired s) => (s.Level, s.Round, s.Trigger, s.At);

    [Fact]
    public void Decide_UnacknowledgedP1_WalksThreeLevelsRepeatsTwiceThenStops()
    {
        var clock = Clock();
        var engine = Engine(Matrix(major: Standard(repeats: 2)));
        var incident = Open(Priority.P1, clock.GetCurrentInstant());
        var fired = new List<EscalationStepFired>();

        // The worker sleeps until the decision's NextDueAt, every time; it also looks in between and must find nothing.
        for (var tick = 0; tick < 20; tick++)
        {
            var decision = engine.Decide(incident, clock.GetCurrentInstant(), Complexity.Standard);
            incident.RecordEscalation(decision);
            fired.AddRange(decision.Steps);
            if (decision.NextDueAt is not { } next)
            {
                break;
            }

            Assert.Empty(engine.Decide(incident, next - Duration.FromSeconds(1), Complexity.Standard).Events);
            clock.Reset(next);
        }

        Assert.Equal(
        [
            (1, 1, EscalationTrigger.Started, T0),
            (2, 1, EscalationTrigger.Timeout, T0 + Minutes(5)),
            (3, 1, EscalationTrigger.Timeout, T0 + Minutes(15)),
            (1, 2, EscalationTrigger.Timeout, T0 + Minutes(30)),
            (2, 2, EscalationTrigger.Timeout, T0 + Minutes(35)),
            (3, 2, EscalationTrigger.Timeout, T0 + Minutes(45)),
            (1, 3, EscalationTrigger.Timeout, T0 + Minutes(60)),
            (2, 3, EscalationTrigger.Timeout, T0 + Minutes(65)),
            (3, 3, EscalationTrigger.Timeout, T0 + Minutes(75)),
        ], fired.Select(Row));
        Assert.Equal([Alice], fired[0].Recipients);
        Assert.Equal([Carol, Bob], fired[1].Recipients);
        Assert.Equal([Dave], fired[2].Recipients);
        Assert.Equal(EscalationKind.Hierarchical, fired[2].Kind);
        Assert.All(fired, s => Assert.Equal(s.At, s.DueAt));
        Assert.Empty(engine.Decide(incident, T0 + Duration.FromDays(1), Complexity.Standard).Events);
        Assert.Null(engine.Fold(incident.Events).NextDueAt);
    }

    [Fact]
    public void Decide_AcknowledgedAtLevelTwo_StopsPaging()
    {
        var clock = Clock();
        var engine = Engine();
        var incident = Open(Priority.P3, clock.GetCurrentInstant());
        Assert.Single(engine.Tick(incident, clock.GetCurrentInstant()));
        clock.Advance(Minutes(5));
        Assert.Equal(2, Assert.Single(engine.Tick(incident, clock.GetCurrentInstant())).Level);

        clock.Advance(Minutes(2));
        incident.Acknowledge(clock.GetCurrentInstant(), Carol);

        var state = engine.Fold(incident.Events);
        Assert.True(state.IsAcknowledged);
        Assert.Null(state.NextDueAt);
        Assert.Null(state.NextTimeoutAt);
        Assert.Equal(2, state.CurrentLevel);
        clock.Advance(Minutes(8));
        Assert.Empty(engine.Tick(incident, clock.GetCurrentInstant()));
        clock.Advance(Duration.FromHours(5));
        Assert.Empty(engine.Tick(incident, clock.GetCurrentInstant()));
    }

    [Fact]
    public void Decide_WorkStartedWithoutAcknowledge_AlsoStopsPaging()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.StartWork(T0 + Minutes(1), Alice);

        Assert.Empty(engine.Tick(incident, T0 + Minutes(5)));
    }

    [Fact]
    public void Decide_SlaWarningAtThreshold_FiresFunctionalStepOnceAndMovesTheWalk()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);

        incident.RecordExternal(Warning(T0 + Minutes(1), 50));
        Assert.Empty(engine.Tick(incident, T0 + Minutes(1)));

        var warning = Warning(T0 + Minutes(2), 75);
        incident.RecordExternal(warning);
        var step = Assert.Single(engine.Tick(incident, T0 + Minutes(2)));
        Assert.Equal((2, EscalationKind.Functional, EscalationTrigger.SlaWarning), (step.Level, step.Kind, step.Trigger));
        Assert.Equal(warning.EventId, step.CauseEventId);
        Assert.Equal([Carol, Bob], step.Recipients);

        // A second warning for the same target (90 %) does not escalate again; the walk continues from level 2.
        incident.RecordExternal(Warning(T0 + Minutes(3), 90));
        Assert.Empty(engine.Tick(incident, T0 + Minutes(3)));
        Assert.Equal(T0 + Minutes(12), engine.Fold(incident.Events).NextDueAt);
        Assert.Equal((3, EscalationTrigger.Timeout), Assert.Single(engine.Tick(incident, T0 + Minutes(12))) is var s ? (s.Level, s.Trigger) : default);
    }

    [Fact]
    public void Decide_SlaWarningThresholdConfigured_LowerWarningEscalates()
    {
        var engine = Engine(options: new EscalationOptions { SlaWarningPercent = 50 });
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.RecordExternal(Warning(T0 + Minutes(1), 50));

        Assert.Equal(EscalationTrigger.SlaWarning, Assert.Single(engine.Tick(incident, T0 + Minutes(1))).Trigger);
    }

    [Fact]
    public void Decide_SlaBreachAfterAcknowledgeWithSlaPagesAfterAcknowledgement_FiresHierarchicalStepOnce()
    {
        var engine = Engine(options: new EscalationOptions { SlaPagesAfterAcknowledgement = true });
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.Acknowledge(T0 + Minutes(1), Alice);

        var breach = Breach(T0 + Minutes(40));
        incident.RecordExternal(breach);
        var step = Assert.Single(engine.Tick(incident, T0 + Minutes(40)));
        Assert.Equal((3, EscalationKind.Hierarchical, EscalationTrigger.SlaBreach, breach.EventId), (step.Level, step.Kind, step.Trigger, step.CauseEventId));
        Assert.Equal([Dave], step.Recipients);

        incident.RecordExternal(Breach(T0 + Minutes(50)));
        Assert.Empty(engine.Tick(incident, T0 + Minutes(50)));
        Assert.Null(engine.Fold(incident.Events).NextDueAt);
    }

    [Fact]
    public void Decide_ManualEscalation_FiresNextLevelOfItsKindWithTheReason()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.Escalate(EscalationKind.Hierarchical, "Customer threatens to cancel", null, T0 + Minutes(3), Alice);

        var step = Assert.Single(engine.Tick(incident, T0 + Minutes(3)));
        Assert.Equal((3, EscalationKind.Hierarchical, EscalationTrigger.Manual), (step.Level, step.Kind, step.Trigger));
        Assert.Equal("Customer threatens to cancel", step.Reason);

        // The walk continues from level 3: its 15 minutes, then round 2 from level 1.
        var next = Assert.Single(engine.Tick(incident, T0 + Minutes(18)));
        Assert.Equal((1, 2), (next.Level, next.Round));
    }

    [Fact]
    public void Decide_ManualEscalationNamingATeam_FiresTheLevelThatNotifiesIt()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        engine.Tick(incident, T0 + Minutes(5));
        incident.Escalate(EscalationKind.Functional, "Need tier 2 again", "TIER2", T0 + Minutes(7), Alice);

        var step = Assert.Single(engine.Tick(incident, T0 + Minutes(7)));
        Assert.Equal((2, EscalationTrigger.Manual, T0 + Minutes(7)), (step.Level, step.Trigger, step.DueAt));
        Assert.Equal([Carol, Bob], step.Recipients);
    }

    [Fact]
    public void Decide_PriorityRaisedToAnotherPolicy_TakesNewSnapshotAndNotifiesItsStartLevel()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        Assert.Equal("standard", engine.Fold(incident.Events).Policy!.PolicyId);

        incident.Reassess(Impact.High, Urgency.High, "Whole region down", T0 + Minutes(2), Alice);
        var raise = incident.Events[^1];
        var decision = engine.Decide(incident, T0 + Minutes(2), Complexity.Standard);
        incident.RecordEscalation(decision);

        var started = Assert.IsType<EscalationStarted>(decision.Events[0]);
        Assert.Equal(("major", EscalationTrigger.PriorityRaised, raise.EventId), (started.Policy.PolicyId, started.Trigger, started.CauseEventId));
        var step = Assert.Single(decision.Steps);
        Assert.Equal((1, EscalationTrigger.PriorityRaised), (step.Level, step.Trigger));
        Assert.Equal([Alice, Bob], step.Recipients);
        Assert.Equal(T0 + Minutes(4), decision.NextDueAt);
    }

    [Fact]
    public void Decide_PriorityRaisedWithinSamePolicy_NotifiesNextLevelWithoutNewSnapshot()
    {
        var engine = Engine();
        var incident = Open(Priority.P4, T0);
        engine.Tick(incident, T0);

        incident.Reassess(Impact.Medium, Urgency.Medium, null, T0 + Minutes(1), Alice);
        var decision = engine.Decide(incident, T0 + Minutes(1), Complexity.Standard);

        Assert.DoesNotContain(decision.Events, e => e is EscalationStarted);
        var step = Assert.Single(decision.Steps);
        Assert.Equal((2, EscalationTrigger.PriorityRaised), (step.Level, step.Trigger));
        Assert.Contains("P4 to P3", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PriorityLowered_FiresNothing()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.Reassess(Impact.Low, Urgency.Low, null, T0 + Minutes(1), Alice);

        Assert.Empty(engine.Tick(incident, T0 + Minutes(1)));
    }

    [Fact]
    public void Decide_PolicyEditedMidEscalation_InFlightEscalationKeepsItsSnapshot()
    {
        var standard = Standard();
        var incident = Open(Priority.P3, T0);
        Engine(Matrix(standard: standard)).Tick(incident, T0);

        // The edit: level 2 now pages tier 3 after 1 minute, and the policy no longer repeats.
        var edited = standard
            .WithLevel(2, new EscalationLevel([EscalationTarget.Team("tier3")], Minutes(1), EscalationKind.Functional))
            .WithRepeat(EscalationRepeat.None);
        Assert.Equal(3, edited.Version);
        Assert.Equal(1, standard.Version);
        var engine = Engine(Matrix().WithPolicy(edited));

        var step = Assert.Single(engine.Tick(incident, T0 + Minutes(5)));
        Assert.Equal([EscalationTarget.Team("tier2")], step.Targets);
        Assert.Equal([Carol, Bob], step.Recipients);
        var state = engine.Fold(incident.Events);
        Assert.Equal(standard.ToSnapshot(), state.Policy);
        Assert.Equal(T0 + Minutes(15), state.NextDueAt);

        // A new incident gets the edited version.
        var fresh = Open(Priority.P3, T0 + Minutes(6));
        engine.Tick(fresh, T0 + Minutes(6));
        Assert.Equal(edited.ToSnapshot(), engine.Fold(fresh.Events).Policy);
    }

    [Fact]
    public void Decide_PriorityRaiseAfterPolicyEdit_TakesSnapshotOfTheEditedVersion()
    {
        var standard = Standard();
        var incident = Open(Priority.P4, T0);
        Engine(Matrix(standard: standard)).Tick(incident, T0);
        var edited = standard.WithLevel(1, new EscalationLevel([EscalationTarget.User(Frank)], Minutes(1), EscalationKind.Functional));
        var engine = Engine(Matrix().WithPolicy(edited));

        // P4 -> P3 still selects the fallback, but its policy is now version 2: the raise takes a new snapshot.
        incident.Reassess(Impact.Medium, Urgency.Medium, null, T0 + Minutes(2), Alice);
        var decision = engine.Decide(incident, T0 + Minutes(2), Complexity.Standard);

        Assert.Equal(2, Assert.IsType<EscalationStarted>(decision.Events[0]).Policy.PolicyVersion);
        Assert.Equal([Frank], Assert.Single(decision.Steps).Recipients);
    }

    [Fact]
    public void RecordEscalation_DecisionWithOtherEvents_Throws()
    {
        var incident = Open(Priority.P3, T0);
        var forged = new EscalationDecision([new IncidentAcknowledged(Guid.CreateVersion7(), T0, Alice)], [], null, incident.Version);

        Assert.Throws<ArgumentException>("decision", () => incident.RecordEscalation(forged));
        Assert.Equal(1, incident.Version);
    }

    [Fact]
    public void Decide_HostRestartRebuildsFromStoredEvents_FiresNothingTwice()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        engine.Tick(incident, T0 + Minutes(5));
        incident.RecordExternal(Breach(T0 + Minutes(6)));
        engine.Tick(incident, T0 + Minutes(6));
        var stored = incident.Events.Select(IncidentEventSerializer.Serialize).ToArray();

        // The host restarts: a new engine, the incident rebuilt from its JSON, asked again at the same and later instants.
        var rebuilt = Incident.FromHistory(stored.Select(IncidentEventSerializer.Deserialize));
        var restarted = Engine();
        Assert.Empty(restarted.Tick(rebuilt, T0 + Minutes(5)));
        Assert.Empty(restarted.Tick(rebuilt, T0 + Minutes(6)));
        Assert.Empty(restarted.Tick(rebuilt, T0 + Minutes(6)));
        var state = restarted.Fold(rebuilt.Events);
        Assert.Equal(engine.Fold(incident.Events).NextDueAt, state.NextDueAt);
        Assert.Equal(0, state.PendingTriggerCount);

        // The breach moved the walk to level 3, so next is round 2's level 1, 15 minutes after the breach step fired.
        var next = Assert.Single(restarted.Tick(rebuilt, T0 + Minutes(21)));
        Assert.Equal((1, 2, EscalationTrigger.Timeout), (next.Level, next.Round, next.Trigger));
        Assert.Equal(4, rebuilt.Events.OfType<EscalationStepFired>().Count());
    }

    [Fact]
    public void Decide_DecisionNotRecorded_IsDecidedAgainAndStaleDecisionIsRefused()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        var lost = engine.Decide(incident, T0, Complexity.Standard);
        var again = engine.Decide(incident, T0, Complexity.Standard);
        Assert.Equal(lost.Steps.Select(Row), again.Steps.Select(Row));

        incident.RecordEscalation(again);
        Assert.Throws<ArgumentException>("decision", () => incident.RecordEscalation(lost));
        Assert.Single(incident.Events.OfType<EscalationStepFired>());
    }

    [Fact]
    public void Decide_AfterDowntime_FiresOnlyTheCurrentLevelOnceAndKeepsTheTimeline()
    {
        var clock = Clock();
        var engine = Engine();
        var incident = Open(Priority.P3, clock.GetCurrentInstant());
        engine.Tick(incident, clock.GetCurrentInstant());

        // Down for 50 minutes: level 2 (T+5), 3 (T+15), round 2's 1 (T+30), 2 (T+35) and 3 (T+45) all fell due meanwhile.
        clock.Advance(Minutes(50));
        var step = Assert.Single(engine.Tick(incident, clock.GetCurrentInstant()));
        Assert.Equal((3, 2, EscalationTrigger.Timeout), (step.Level, step.Round, step.Trigger));
        Assert.Equal(T0 + Minutes(45), step.DueAt);
        Assert.Equal(T0 + Minutes(50), step.At);
        Assert.Equal(4, step.MissedSteps);

        clock.Advance(Minutes(1));
        Assert.Empty(engine.Tick(incident, clock.GetCurrentInstant()));
        Assert.Equal(T0 + Minutes(60), engine.Fold(incident.Events).NextDueAt);
    }

    [Fact]
    public void Decide_AfterDowntimePastTheLastRound_FiresTheLastStepOnce()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);

        var step = Assert.Single(engine.Tick(incident, T0 + Duration.FromDays(2)));
        Assert.Equal((3, 3, 7), (step.Level, step.Round, step.MissedSteps));
        Assert.Null(engine.Fold(incident.Events).NextDueAt);
    }

    [Fact]
    public void Decide_RepeatForever_KeepsPagingUntilAcknowledged()
    {
        var engine = Engine();
        var incident = Open(Priority.P1, T0);
        var levels = new List<(int, int)>();
        var at = T0;
        for (var i = 0; i < 10; i++)
        {
            levels.AddRange(engine.Tick(incident, at).Select(s => (s.Level, s.Round)));
            at = engine.Fold(incident.Events).NextDueAt!.Value;
        }

        Assert.Equal([(1, 1), (2, 1), (3, 1), (4, 1), (1, 2), (2, 2), (3, 2), (4, 2), (1, 3), (2, 3)], levels);
        incident.Acknowledge(at, Bob);
        Assert.Null(engine.Fold(incident.Events).NextDueAt);
    }

    // Was: a reopen notified level 1 once and never paged again. A reopen is a fresh trigger: a new cycle over the whole policy.
    [Fact]
    public void Decide_ResolvedThenReopened_EndsThenStartsANewCycleThatWalksThePolicyWithItsRepeats()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.Resolve("fixed", "Restarted the pods", T0 + Minutes(3), Alice);
        Assert.Empty(engine.Tick(incident, T0 + Minutes(5)));
        Assert.Null(engine.Fold(incident.Events).NextDueAt);

        var reopenedAt = T0 + Minutes(30);
        incident.Reopen("Fails again", reopenedAt, Reporter);
        var decision = engine.Decide(incident, reopenedAt, Complexity.Standard);
        incident.RecordEscalation(decision);
        Assert.Equal(EscalationTrigger.Reopened, Assert.IsType<EscalationStarted>(decision.Events[0]).Trigger);
        Assert.Equal((1, EscalationTrigger.Reopened), Assert.Single(decision.Steps) is var s ? (s.Level, s.Trigger) : default);
        Assert.Equal(reopenedAt + Minutes(5), decision.NextDueAt);

        var fired = new List<(int, int, Instant)>();
        for (var at = decision.NextDueAt; at is { } now; at = engine.Fold(incident.Events).NextDueAt)
        {
            fired.AddRange(engine.Tick(incident, now).Select(f => (f.Level, f.Round, f.DueAt)));
        }

        // Standard: levels after 5 and 10 minutes, 15 minutes on the last, two repeats; the whole walk again from the reopen.
        Assert.Equal(
        [
            (2, 1, reopenedAt + Minutes(5)), (3, 1, reopenedAt + Minutes(15)),
            (1, 2, reopenedAt + Minutes(30)), (2, 2, reopenedAt + Minutes(35)), (3, 2, reopenedAt + Minutes(45)),
            (1, 3, reopenedAt + Minutes(60)), (2, 3, reopenedAt + Minutes(65)), (3, 3, reopenedAt + Minutes(75)),
        ], fired);
    }

    [Fact]
    public void Decide_CancelledIncident_FiresNothing()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        incident.Cancel("Duplicate", T0 + Minutes(1), Reporter);

        Assert.True(engine.Decide(incident, T0 + Minutes(1), Complexity.Standard).IsEmpty);
    }

    [Fact]
    public void Decide_AcknowledgedBeforeEscalationStarted_TakesSnapshotWithoutPaging()
    {
        var engine = Engine();
        var incident = Open(Priority.P1, T0, "Security/Phishing");
        incident.Acknowledge(T0, Alice);

        var decision = engine.Decide(incident, T0 + Duration.FromSeconds(5), Complexity.Standard);
        var started = Assert.IsType<EscalationStarted>(Assert.Single(decision.Events));
        Assert.Null(started.HierarchicalLevel);
        Assert.Null(decision.NextDueAt);
    }

    [Fact]
    public void Decide_P1Security_StartsAtLevelTwoAndNotifiesManagementAtOnce()
    {
        var engine = Engine();
        var incident = Open(Priority.P1, T0, "Security/Phishing");
        var decision = engine.Decide(incident, T0, Complexity.Standard);
        incident.RecordEscalation(decision);

        var started = Assert.IsType<EscalationStarted>(decision.Events[0]);
        Assert.Equal(("p1-security", 2, 3), (started.RuleName, started.StartLevel, started.HierarchicalLevel));
        Assert.Equal([(2, EscalationTrigger.Started), (3, EscalationTrigger.MatrixRule)], decision.Steps.Select(s => (s.Level, s.Trigger)));
        Assert.Equal([Erin], decision.Steps[1].Recipients);

        // Management at once does not move the walk: level 2's 5 minutes lead to level 3, which was paged already in this
        // cycle, so the walk passes it without a second page (was: level 3 paged again) and keeps its timeline to level 4.
        Assert.Equal(T0 + Minutes(5), decision.NextDueAt);
        var passed = engine.Decide(incident, T0 + Minutes(5), Complexity.Standard);
        incident.RecordEscalation(passed);
        Assert.Empty(passed.Steps);
        var skipped = Assert.IsType<EscalationStepSkipped>(Assert.Single(passed.Events));
        Assert.Equal((3, EscalationTrigger.Timeout, (Guid?)null), (skipped.Level, skipped.Trigger, skipped.CauseEventId));
        Assert.Equal(T0 + Minutes(15), passed.NextDueAt);
        Assert.Equal(4, Assert.Single(engine.Tick(incident, T0 + Minutes(15))).Level);
    }

    [Fact]
    public void Decide_ZeroDelayLevel_NotifiesNextLevelAtTheSameInstant()
    {
        var policy = new EscalationPolicyBuilder("both", "Both at once")
            .AddLevel(new EscalationLevel([EscalationTarget.User(Alice)], Duration.Zero, EscalationKind.Functional, AllowZeroDelay: true))
            .AddLevel(EscalationKind.Functional, Minutes(10), EscalationTarget.User(Bob))
            .AddLevel(EscalationKind.Hierarchical, Minutes(10), EscalationTarget.User(Dave))
            .Build();
        var engine = Engine(new EscalationMatrixBuilder().UseFallback(policy).Build());
        var incident = Open(Priority.P3, T0);

        Assert.Equal([1, 2], engine.Tick(incident, T0).Select(s => s.Level));
        Assert.Equal(3, Assert.Single(engine.Tick(incident, T0 + Minutes(10))).Level);
    }

    [Fact]
    public void Decide_ZeroDelayLoopRepeatingForever_NotifiesEachLevelOnceThenStops()
    {
        var zero = new EscalationLevel([EscalationTarget.User(Alice)], Duration.Zero, EscalationKind.Functional, AllowZeroDelay: true);
        var policy = new EscalationPolicyBuilder("spin", "Spin").AddLevel(zero).AddLevel(zero with { Targets = [EscalationTarget.User(Bob)] }).RepeatForever().Build();
        var engine = Engine(new EscalationMatrixBuilder().UseFallback(policy).Build());
        var incident = Open(Priority.P3, T0);

        Assert.Equal([1, 2], engine.Tick(incident, T0).Select(s => s.Level));
        Assert.Null(engine.Fold(incident.Events).NextDueAt);
        Assert.Empty(engine.Tick(incident, T0 + Minutes(1)));
    }

    [Fact]
    public void Decide_JumpToLevel_SkipsTheLevelsInBetween()
    {
        var policy = new EscalationPolicyBuilder("jump", "Jump")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.User(Alice))
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.User(Bob))
            .AddLevel(EscalationKind.Hierarchical, Minutes(5), EscalationTarget.User(Dave))
            .JumpTo(1, 3)
            .RepeatTimes(1, fromLevel: 2)
            .Build();
        var engine = Engine(new EscalationMatrixBuilder().UseFallback(policy).Build());
        var incident = Open(Priority.P3, T0);
        var fired = new List<(int, int)>();
        for (var at = (Instant?)T0; at is { } now; at = engine.Fold(incident.Events).NextDueAt)
        {
            fired.AddRange(engine.Tick(incident, now).Select(s => (s.Level, s.Round)));
        }

        Assert.Equal([(1, 1), (3, 1), (2, 2), (3, 2)], fired);
    }

    [Fact]
    public void Decide_UnresolvableTargets_FireWithTheTargetsListedAsUnresolved()
    {
        var policy = new EscalationPolicyBuilder("gappy", "Gappy")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Schedule("nights"), EscalationTarget.Team("ghosts"), EscalationTarget.Role("incident-commander"), EscalationTarget.User(Alice))
            .Build();
        var onCall = PrimaryOnCall().Add("nights", new Interval(T0 + Duration.FromHours(12), T0 + Duration.FromHours(20)), Bob);
        var directory = Directory();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), onCall, directory);
        var incident = Open(Priority.P3, T0);

        var step = Assert.Single(engine.Tick(incident, T0));
        Assert.Equal([Erin, Alice], step.Recipients);
        Assert.Equal([EscalationTarget.Schedule("nights"), EscalationTarget.Team("ghosts")], step.UnresolvedTargets);
        Assert.Equal(incident.Id, Assert.Single(directory.RoleQueries).Incident);
        Assert.Equal("checkout", directory.RoleQueries[0].Service);
        Assert.Null(directory.RoleQueries[0].Assignee);
    }

    [Fact]
    public void Decide_NothingDue_ReturnsEmptyDecisionWithNextDueAt()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        var state = engine.Fold(incident.Events);

        var decision = engine.Decide(state, T0 + Minutes(4), Complexity.Standard);
        Assert.True(decision.IsEmpty);
        Assert.Equal(T0 + Minutes(5), decision.NextDueAt);
        Assert.Equal(incident.Version, decision.BasedOnVersion);
    }

    [Fact]
    public void Decide_StateKeptIncrementally_MatchesStateRebuiltFromEvents()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        var kept = engine.Fold(incident.Events);
        foreach (var at in new[] { T0, T0 + Minutes(5), T0 + Minutes(9), T0 + Minutes(15) })
        {
            if (at == T0 + Minutes(9))
            {
                incident.RecordExternal(Breach(at));
                kept.Apply(incident.Events[^1]);
            }

            var decision = engine.Decide(kept, at, Complexity.Standard);
            incident.RecordEscalation(decision);
            foreach (var e in decision.Events)
            {
                kept.Apply(e);
            }

            Assert.Equal(decision.NextDueAt, kept.NextDueAt);
        }

        var rebuilt = engine.Fold(incident.Events);
        Assert.Equal((rebuilt.Version, rebuilt.NextDueAt, rebuilt.CurrentLevel, rebuilt.Round), (kept.Version, kept.NextDueAt, kept.CurrentLevel, kept.Round));
    }

    [Fact]
    public void Decide_ComplexP2_SelectsThePolicyOfTheComplexityRule()
    {
        var engine = Engine();
        var incident = Open(Priority.P2, T0);

        var started = Assert.IsType<EscalationStarted>(engine.Decide(incident, T0, Complexity.Major).Events[0]);
        Assert.Equal("complex-p2", started.RuleName);
        Assert.Equal("fallback", Assert.IsType<EscalationStarted>(engine.Decide(incident, T0, Complexity.Standard).Events[0]).RuleName);
    }
}
