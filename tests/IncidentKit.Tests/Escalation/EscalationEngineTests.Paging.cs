using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

// The paging rules an on-call engineer relies on: an acknowledgement stops paging, each level is paged once per cycle, a
// reopen starts a new cycle, escalation time runs from the opening, and a level that resolves to nobody is never silence.
public sealed partial class EscalationEngineTests
{
    [Fact]
    public void Decide_TimeoutAndSlaBreachAtOneInstant_PagesTheLevelOnce()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        engine.Tick(incident, T0 + Minutes(5));

        // Level 3 falls due by timeout at T+15, and a breach at the same instant asks for the next hierarchical level: level 3.
        var breach = Breach(T0 + Minutes(15), IncidentKit.Sla.SlaTargetKind.Response);
        incident.RecordExternal(breach);
        var decision = engine.Decide(incident, T0 + Minutes(15), Complexity.Standard);
        incident.RecordEscalation(decision);

        var page = Assert.Single(decision.Steps);
        Assert.Equal((3, EscalationTrigger.Timeout), (page.Level, page.Trigger));
        var skipped = Assert.Single(decision.Events.OfType<EscalationStepSkipped>());
        Assert.Equal((3, 1, EscalationTrigger.SlaBreach, (Guid?)breach.EventId), (skipped.Level, skipped.Round, skipped.Trigger, skipped.CauseEventId));
        var state = engine.Fold(incident.Events);
        Assert.Equal(0, state.PendingTriggerCount);
        Assert.Equal(T0 + Minutes(30), state.NextDueAt);
    }

    [Fact]
    public void Decide_SlaWarningWithNoFurtherFunctionalLevel_DoesNotPageTheCurrentLevelAgain()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        Assert.Equal(2, Assert.Single(engine.Tick(incident, T0 + Minutes(5))).Level);

        // Level 2 is the last functional level and was paged at T+5; the warning adds no page.
        incident.RecordExternal(Warning(T0 + Minutes(7), 75));
        var decision = engine.Decide(incident, T0 + Minutes(7), Complexity.Standard);
        incident.RecordEscalation(decision);

        Assert.Empty(decision.Steps);
        Assert.Equal((2, EscalationTrigger.SlaWarning), Assert.IsType<EscalationStepSkipped>(Assert.Single(decision.Events)) is var k ? (k.Level, k.Trigger) : default);
        Assert.Equal(T0 + Minutes(15), decision.NextDueAt);
    }

    [Fact]
    public void Decide_SlaWarningAndBreachAfterAcknowledge_PageNobodyByDefault()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        engine.Tick(incident, T0 + Minutes(5));
        incident.Acknowledge(T0 + Minutes(6), Carol);

        incident.RecordExternal(Warning(T0 + Minutes(20), 75, IncidentKit.Sla.SlaTargetKind.Update));
        incident.RecordExternal(Breach(T0 + Minutes(40), IncidentKit.Sla.SlaTargetKind.Update));

        Assert.True(engine.Decide(incident, T0 + Minutes(40), Complexity.Standard).IsEmpty);
        var state = engine.Fold(incident.Events);
        Assert.Equal(0, state.PendingTriggerCount);
        Assert.Null(state.NextDueAt);

        // A person can still escalate by hand.
        incident.Escalate(EscalationKind.Hierarchical, "Customer on the phone", null, T0 + Minutes(41), Carol);
        Assert.Equal((3, EscalationTrigger.Manual), Assert.Single(engine.Tick(incident, T0 + Minutes(41))) is var m ? (m.Level, m.Trigger) : default);
    }

    [Fact]
    public void Decide_ReopenedThenAcknowledged_StopsTheNewCycle()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);
        engine.Tick(incident, T0);
        incident.Acknowledge(T0 + Minutes(1), Alice);
        incident.StartWork(T0 + Minutes(2), Alice);
        incident.Resolve("fixed", "Restarted", T0 + Minutes(3), Alice);
        incident.Reopen("Fails again", T0 + Minutes(30), Reporter);
        Assert.True(incident.AwaitsAcknowledgement);
        engine.Tick(incident, T0 + Minutes(30));
        Assert.Equal(2, Assert.Single(engine.Tick(incident, T0 + Minutes(35))).Level);

        incident.Acknowledge(T0 + Minutes(37), Carol);

        Assert.Equal(IncidentState.InProgress, incident.State);
        Assert.False(incident.AwaitsAcknowledgement);
        Assert.Null(engine.Fold(incident.Events).NextDueAt);
        Assert.Empty(engine.Tick(incident, T0 + Minutes(45)));
        Assert.Throws<InvalidIncidentTransitionException>(() => incident.Acknowledge(T0 + Minutes(46), Carol));
    }

    [Fact]
    public void Decide_WorkerDownFromTheOpening_PagesTheLevelInForceOnceAndKeepsTheTimeline()
    {
        var engine = Engine();
        var incident = Open(Priority.P3, T0);

        // Nobody decided anything until T+20: level 1 (T0), level 2 (T+5) and level 3 (T+15) all fell due meanwhile.
        var decision = engine.Decide(incident, T0 + Minutes(20), Complexity.Standard);
        incident.RecordEscalation(decision);

        var step = Assert.Single(decision.Steps);
        Assert.Equal((3, 1, EscalationTrigger.Timeout, T0 + Minutes(15), 2), (step.Level, step.Round, step.Trigger, step.DueAt, step.MissedSteps));
        Assert.Equal(T0 + Minutes(20), step.At);
        Assert.Equal(T0 + Minutes(30), decision.NextDueAt);
        Assert.Equal((1, 2), Assert.Single(engine.Tick(incident, T0 + Minutes(30))) is var next ? (next.Level, next.Round) : default);
    }

    [Fact]
    public void Decide_LevelResolvesToNobody_PagesThePolicysFallback()
    {
        var policy = new EscalationPolicyBuilder("gappy", "Gappy")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Schedule("nights"))
            .UseFallback(EscalationTarget.User(Frank))
            .Build();
        var onCall = PrimaryOnCall().Add("nights", new Interval(T0 + Duration.FromHours(12), T0 + Duration.FromHours(20)), Bob);
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), onCall, Directory());
        var incident = Open(Priority.P3, T0);

        var step = Assert.Single(engine.Tick(incident, T0));
        Assert.Equal([Frank], step.Recipients);
        Assert.Equal([EscalationTarget.Schedule("nights")], step.UnresolvedTargets);
        Assert.Contains("fallback", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_LevelNamesUnknownSchedule_ThrowsTheLintError()
    {
        var policy = new EscalationPolicyBuilder("typo", "Typo")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Schedule("primray"))
            .Build();
        var matrix = new EscalationMatrixBuilder().UseFallback(policy).Build();

        var ex = Assert.Throws<ConfigurationValidationException>(() => new EscalationEngine(matrix, PrimaryOnCall(), Directory()));
        var lint = Assert.Single(policy.Lint(T0, PrimaryOnCall()), d => d.Code == EscalationDiagnosticCode.UnknownSchedule);
        Assert.Contains(ex.Errors, e => e.Contains(lint.Message, StringComparison.Ordinal) && e.Contains("'typo'", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_FixedDirectoryWithoutTheTeam_ThrowsNamingTheTeam()
    {
        var policy = new EscalationPolicyBuilder("teams", "Teams")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Team("dba"))
            .Build();
        var matrix = new EscalationMatrixBuilder().UseFallback(policy).Build();

        var ex = Assert.Throws<ConfigurationValidationException>(() => new EscalationEngine(matrix, PrimaryOnCall(), new EscalationDirectory().WithTeam("ops", Alice)));
        Assert.Contains(ex.Errors, e => e.Contains("team 'dba'", StringComparison.Ordinal));
    }
}
