using CsCheck;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

/// <summary>"Is the incident open" and "which state is it in" are one rule (<see cref="IncidentLifecycle"/>): the incident, its
/// summary, the SLA timeline, the escalation fold and the post-incident review must agree after any sequence of commands. Before the rule was shared, the
/// SLA timeline (and the review) moved a reopened incident to Acknowledged when it was acknowledged again while the incident stayed in progress
/// or on hold, so a resolution clock paused on hold started running again.</summary>
public sealed class IncidentLifecycleTests
{
    private static readonly Gen<(int Command, long Minutes)[]> GenSteps =
        Gen.Select(Gen.Int[0, 15], Gen.Long[0, 600]).Array[1, 40];

    [Fact]
    public void IsOpen_RandomCommandSequences_IncidentSummarySlaTimelineAndEscalationAgree()
    {
        GenSteps.Sample(steps =>
        {
            var incident = Open();
            var at = T0;
            foreach (var (command, minutes) in steps)
            {
                at += Duration.FromMinutes(minutes);
                TryExecute(incident, (IncidentCommand)command, at);
                AssertOneLifecycle(incident);
            }

            var review = PostIncidentReview.Generate(new IncidentHistory(incident.Tenant, incident.Id, incident.Version, 0, incident.Events),
                new ReviewAuthoring(), new ReviewContext(DateTimeZone.Utc, at));
            Assert.Equal(incident.State, review.State);
        }, iter: 300);
    }

    [Fact]
    public void IsOpen_EveryState_IsTheOneRule()
    {
        foreach (var state in Enum.GetValues<IncidentState>())
        {
            var open = state is IncidentState.New or IncidentState.Acknowledged or IncidentState.InProgress or IncidentState.OnHold;
            Assert.Equal(open, IncidentLifecycle.IsOpen(state));
            Assert.Equal(open, IncidentLifecycle.OpenStates.Contains(state));
        }

        Assert.False(IncidentLifecycle.IsOpen((IncidentState)99));
    }

    [Fact]
    public void Acknowledge_ReopenedIncidentOnHold_StaysOnHoldForTheIncidentAndTheSlaTimeline()
    {
        var incident = Open();
        incident.Acknowledge(At(1), Alice);
        incident.Resolve("fixed", "restarted", At(10), Alice);
        incident.Reopen("back again", At(20), Alice);
        incident.PutOnHold("waiting for the vendor", At(30), Alice);

        incident.Acknowledge(At(40), Bob);

        Assert.Equal(IncidentState.OnHold, incident.State);
        Assert.Equal(IncidentState.OnHold, SlaTimeline.Read(incident.Events, null).State);
        var review = PostIncidentReview.Generate(new IncidentHistory(incident.Tenant, incident.Id, incident.Version, 0, incident.Events),
            new ReviewAuthoring(), new ReviewContext(DateTimeZone.Utc, At(50)));
        Assert.Equal(IncidentState.OnHold, review.State);
    }

    [Fact]
    public void GetSlaState_ReopenedIncidentOnHoldAcknowledgedAgain_ResolutionClockStaysPaused()
    {
        var builder = new SlaPolicyBuilder("24x7");
        for (var level = 1; level <= 5; level++)
        {
            builder.SetTarget(new Priority(level), SlaTargetKind.Resolution, Duration.FromHours(8));
        }

        var engine = new SlaEngine(new SlaPolicySetBuilder().SetFallback(builder.Build()).Build());
        var incident = Open();
        incident.Acknowledge(At(1), Alice);
        incident.Resolve("fixed", "restarted", At(10), Alice);
        incident.Reopen("back again", At(20), Alice);
        incident.PutOnHold("waiting for the vendor", At(30), Alice);
        incident.Acknowledge(At(40), Bob);

        var clock = incident.GetSlaState(engine, At(100)).Resolution;

        // The reopen restarted the clock at minute 20; the hold from minute 30 pauses it (OnHold pauses resolution by default).
        Assert.Equal(SlaClockStatus.Paused, clock.Status);
        Assert.Equal(Duration.FromMinutes(10), clock.Elapsed);
    }

    private static void AssertOneLifecycle(Incident incident)
    {
        var open = IncidentLifecycle.IsOpen(incident.State);
        Assert.Equal(open, incident.IsOpen);
        Assert.Equal(open, incident.ToSummary().IsOpen);
        Assert.Equal(incident.State, SlaTimeline.Read(incident.Events, null).State);
        Assert.Equal(open, EscalationState.FromEvents(incident.Events).IsOpen);
        Assert.Equal(incident.State, Incident.FromHistory(incident.Events).State);
    }

    // Runs a command when the workflow permits it now; a refused one changes nothing, which the property also checks.
    private static void TryExecute(Incident incident, IncidentCommand command, Instant at)
    {
        if (!incident.CanExecute(command, at))
        {
            Assert.Throws<InvalidIncidentTransitionException>(() => Execute(incident, command, at));
            return;
        }

        var before = incident.State;
        Execute(incident, command, at);
        Assert.Equal(IncidentLifecycle.Destination(before, command), incident.State);
    }

    private static void Execute(Incident incident, IncidentCommand command, Instant at)
    {
        switch (command)
        {
            case IncidentCommand.Acknowledge: incident.Acknowledge(at, Alice); break;
            case IncidentCommand.Assign: incident.Assign(Bob, null, at, Alice); break;
            case IncidentCommand.StartWork: incident.StartWork(at, Alice); break;
            case IncidentCommand.PutOnHold: incident.PutOnHold("vendor", at, Alice); break;
            case IncidentCommand.Resume: incident.Resume(at, Alice); break;
            case IncidentCommand.ChangePriority: incident.Reassess(Impact.Medium, Urgency.Medium, null, at, Alice); break;
            case IncidentCommand.Recategorise: incident.Recategorise(new("Software/App"), null, at, Alice); break;
            case IncidentCommand.AddWorkNote: incident.AddWorkNote("note", at, Alice); break;
            case IncidentCommand.LinkAlert: incident.LinkAlert("alert-" + at.ToUnixTimeTicks(), null, at, Alice); break;
            case IncidentCommand.RecordDiagnosis: incident.RecordDiagnosis(DiagnosisStage.Symptoms, "slow", at, Alice); break;
            case IncidentCommand.Escalate: incident.Escalate(EscalationKind.Functional, "help", null, at, Alice); break;
            case IncidentCommand.Resolve: incident.Resolve("fixed", "restarted", at, Alice); break;
            case IncidentCommand.Reopen: incident.Reopen("again", at, Alice); break;
            case IncidentCommand.Close: incident.Close(at, Alice); break;
            case IncidentCommand.Cancel: incident.Cancel("duplicate", at, Alice); break;
            case IncidentCommand.PostStatusUpdate: incident.PostStatusUpdate("update", IncidentKit.Communication.Audience.Internal, at, Alice); break;
            default: throw new ArgumentOutOfRangeException(nameof(command), command, null);
        }
    }
}
