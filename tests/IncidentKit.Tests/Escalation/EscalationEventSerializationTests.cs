using IncidentKit.Escalation;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

public sealed class EscalationEventSerializationTests
{
    [Fact]
    public void EscalationStarted_RoundTripsWithTheFullSnapshot()
    {
        var policy = new EscalationPolicyBuilder("p", "Jumpy")
            .AddLevel(new EscalationLevel([EscalationTarget.User(Alice), EscalationTarget.Schedule("primary")], Duration.Zero, EscalationKind.Functional, AllowZeroDelay: true))
            .AddLevel(EscalationKind.Functional, Duration.FromSeconds(90), EscalationTarget.Team("tier2"))
            .AddLevel(EscalationKind.Hierarchical, Minutes(15), EscalationTarget.Role("service-owner-manager"))
            .JumpTo(2, 3)
            .RepeatForever(fromLevel: 2)
            .Build();
        var started = new EscalationStarted(Guid.CreateVersion7(), T0, UserId.System)
        {
            Policy = policy.ToSnapshot(),
            StartLevel = 2,
            Trigger = EscalationTrigger.PriorityRaised,
            RuleName = "p1",
            HierarchicalLevel = 3,
            CauseEventId = Guid.CreateVersion7(),
        };

        var json = IncidentEventSerializer.Serialize(started);
        var back = Assert.IsType<EscalationStarted>(IncidentEventSerializer.Deserialize(json));

        Assert.Contains("\"type\":\"escalation-started\"", json, StringComparison.Ordinal);
        Assert.Equal(started.Policy, back.Policy);
        Assert.Equal(EscalationRepeat.Forever(2), back.Policy.Repeat);
        Assert.Equal(3, back.Policy.Levels[1].JumpTo);
        Assert.True(back.Policy.Levels[0].AllowZeroDelay);
        Assert.Equal(started, back with { Policy = started.Policy });
        Assert.Equal(json, IncidentEventSerializer.Serialize(back));
    }

    [Fact]
    public void EscalationStepFired_RoundTrips()
    {
        var step = new EscalationStepFired(Guid.CreateVersion7(), T0 + Minutes(50), UserId.System) { Level = 3, Round = 2, Kind = EscalationKind.Hierarchical, Trigger = EscalationTrigger.Timeout, DueAt = T0 + Minutes(45), Targets = [EscalationTarget.Role("service-owner-manager"), EscalationTarget.Team("ghosts")], Recipients = [Dave], UnresolvedTargets = [EscalationTarget.Team("ghosts")], MissedSteps = 4 };

        var bytes = IncidentEventSerializer.SerializeToUtf8Bytes(step);
        var back = Assert.IsType<EscalationStepFired>(IncidentEventSerializer.Deserialize(bytes));

        Assert.Equal(step.Targets, back.Targets);
        Assert.Equal(step.Recipients, back.Recipients);
        Assert.Equal(step.UnresolvedTargets, back.UnresolvedTargets);
        Assert.Equal(step, back with { Targets = step.Targets, Recipients = step.Recipients, UnresolvedTargets = step.UnresolvedTargets });
    }

    [Fact]
    public void EngineEvents_RoundTripAndReplayToTheSameState()
    {
        var engine = Engine();
        var incident = Open(IncidentKit.Prioritization.Priority.P1, T0, "Security");
        engine.Tick(incident, T0);
        incident.Escalate(EscalationKind.Functional, "Need the DBAs", "dba", T0 + Minutes(1), Alice);
        engine.Tick(incident, T0 + Minutes(1));

        var replayed = incident.Events.Select(e => IncidentEventSerializer.Deserialize(IncidentEventSerializer.Serialize(e))).ToArray();

        var (a, b) = (engine.Fold(incident.Events), engine.Fold(replayed));
        Assert.Equal((a.Policy, a.NextDueAt, a.CurrentLevel, a.Round, a.PendingTriggerCount), (b.Policy, b.NextDueAt, b.CurrentLevel, b.Round, b.PendingTriggerCount));
        Assert.Equal(incident.Events.Select(IncidentEventSerializer.Serialize), replayed.Select(IncidentEventSerializer.Serialize));
    }
}
