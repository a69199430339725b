using CsCheck;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using IncidentKit.Tests.TestSupport;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentPropertyTests
{
    // A step: the command, an argument variant (variant 3 passes a bad argument on purpose) and the time since the last step.
    private static readonly Gen<(int Command, int Variant, long Nanoseconds)> GenStep =
        Gen.Select(Gen.Int[0, 14], Gen.Int[0, 3], Gen.Long[0, Duration.FromDays(3).ToInt64Nanoseconds()]);

    private static readonly Gen<(bool AllowSkip, bool RequireAssignee, int WindowDays, (int Command, int Variant, long Nanoseconds)[] Steps)> GenRun =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 2].Select(i => i == 0 ? 0 : (i == 1 ? 1 : 7)), GenStep.Array[1, 40]);

    [Fact]
    public void RandomCommandSequences_NeverLandAnInvalidTransition_AndRebuildEqualsLive()
    {
        GenRun.Sample(run =>
        {
            var rules = new IncidentRules(new IncidentWorkflowOptions
            {
                AllowSkipAcknowledge = run.AllowSkip,
                RequireAssigneeToStartWork = run.RequireAssignee,
                ReopenWindow = Duration.FromDays(run.WindowDays),
            });
            var incident = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice, rules);
            var at = T0;
            foreach (var (commandIndex, variant, nanoseconds) in run.Steps)
            {
                at += Duration.FromNanoseconds(nanoseconds);
                Step(incident, run.AllowSkip, run.RequireAssignee, Duration.FromDays(run.WindowDays), (IncidentCommand)commandIndex, variant, at);
                AssertRebuildsAndRoundTrips(incident, rules);
            }
        }, iter: 300);
    }

    private static void Step(Incident incident, bool allowSkip, bool requireAssignee, Duration window,
        IncidentCommand command, int variant, Instant at)
    {
        var bad = variant == 3;
        var alertKey = "alert-" + variant;
        var expected = ExpectedWorkflow.Destination(incident.State, command,
            allowSkip,
            assigneeRuleMet: !requireAssignee || incident.Assignee is not null,
            reopenWindowOpen: incident.ResolvedAt is { } resolved && window > Duration.Zero && at - resolved <= window,
            awaitsAcknowledgement: incident.AwaitsAcknowledgement);
        var duplicateAlert = command == IncidentCommand.LinkAlert && !bad && incident.LinkedAlerts.Contains(alertKey);
        var eventsBefore = incident.Events.ToArray();
        var summaryBefore = incident.ToSummary();
        var actor = bad ? default : (variant == 0 ? Alice : Bob);
        var text = bad ? " " : "text " + variant;

        void Run()
        {
            switch (command)
            {
                case IncidentCommand.Acknowledge: incident.Acknowledge(at, actor); break;
                case IncidentCommand.Assign: incident.Assign(variant == 1 ? null : Bob, variant == 2 ? null : (bad ? "" : "group-" + variant), at, actor); break;
                case IncidentCommand.StartWork: incident.StartWork(at, actor); break;
                case IncidentCommand.PutOnHold: incident.PutOnHold(text, at, actor); break;
                case IncidentCommand.Resume: incident.Resume(at, actor); break;
                case IncidentCommand.ChangePriority when variant % 2 == 0:
                    incident.Reassess(new Impact(1 + (variant % 3)), new Urgency(3 - (variant % 3)), bad ? "" : null, at, actor);
                    break;
                case IncidentCommand.ChangePriority: incident.OverridePriority(new Priority(1 + variant), text, at, actor); break;
                case IncidentCommand.Recategorise: incident.Recategorise(new CategoryPath("Software/App" + variant), bad ? "" : null, at, actor); break;
                case IncidentCommand.AddWorkNote: incident.AddWorkNote(text, at, actor); break;
                case IncidentCommand.LinkAlert: incident.LinkAlert(bad ? "" : alertKey, null, at, actor); break;
                case IncidentCommand.RecordDiagnosis: incident.RecordDiagnosis((DiagnosisStage)(variant % 3), text, at, actor); break;
                case IncidentCommand.Escalate: incident.Escalate((EscalationKind)(variant % 2), text, null, at, actor); break;
                case IncidentCommand.Resolve: incident.Resolve(bad ? "" : "fixed", text, at, actor); break;
                case IncidentCommand.Reopen: incident.Reopen(text, at, actor); break;
                case IncidentCommand.Close: incident.Close(at, actor); break;
                case IncidentCommand.Cancel: incident.Cancel(text, at, actor); break;
                default: throw new ArgumentOutOfRangeException(nameof(command), command, null);
            }
        }

        if (bad || duplicateAlert)
        {
            Assert.ThrowsAny<ArgumentException>(Run);
        }
        else if (expected is null)
        {
            var ex = Assert.Throws<InvalidIncidentTransitionException>(Run);
            Assert.Equal(summaryBefore.State, ex.State);
            Assert.Equal(command, ex.Command);
        }
        else
        {
            Run();
            Assert.Equal(expected, incident.State);
            Assert.Equal(eventsBefore.Length + 1, incident.Events.Count);
            Assert.Equal(eventsBefore, incident.Events.Take(eventsBefore.Length));
            return;
        }

        Assert.Equal(eventsBefore, incident.Events);
        Assert.Equal(summaryBefore, incident.ToSummary());
    }

    private static void AssertRebuildsAndRoundTrips(Incident live, IncidentRules rules)
    {
        AssertSameIncident(live, Incident.FromHistory(live.Events, rules));

        var deserialized = live.Events.Select(e =>
        {
            var copy = IncidentEventSerializer.Deserialize(IncidentEventSerializer.Serialize(e));
            Assert.Equal(e, copy);
            Assert.Equal(e, IncidentEventSerializer.Deserialize(IncidentEventSerializer.SerializeToUtf8Bytes(e)));
            return copy;
        }).ToArray();
        AssertSameIncident(live, Incident.FromHistory(deserialized, rules));
    }
}
