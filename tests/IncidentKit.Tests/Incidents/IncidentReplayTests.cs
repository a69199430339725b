using System.Collections;
using System.Reflection;
using CsCheck;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

// The reused replay (Incident.ReplayAgain, the report's fold) against the one definition, Incident.FromHistory.
public sealed class IncidentReplayTests
{
    private static readonly IncidentRules Lenient = new(new IncidentWorkflowOptions { AllowSkipAcknowledge = true, ReopenWindow = Duration.FromDays(7) });

    // A step: the command (IncidentCommand's values), an argument variant and the minutes since the last step.
    private static readonly Gen<(int Command, int Variant, int Minutes)> GenStep = Gen.Select(Gen.Int[0, 15], Gen.Int[0, 2], Gen.Int[0, 3000]);

    private static readonly Gen<(bool Exercise, bool Categorised, (int Command, int Variant, int Minutes)[] Steps)> GenHistory =
        Gen.Select(Gen.Bool, Gen.Bool, GenStep.Array[0, 30]);

    [Fact]
    public void ReplayAgain_RandomHistoriesOneAfterAnother_EveryFieldEqualsFromHistory()
    {
        GenHistory.Array[1, 8].Sample(histories =>
        {
            // One instance for the whole sequence, as a report uses it: whatever one history left behind must not show in the next.
            var replayed = Incident.ForReplay(Lenient);
            foreach (var history in histories)
            {
                var events = Live(history).Events.ToArray();
                replayed.ReplayAgain(events);
                AssertEveryFieldEqual(Incident.FromHistory(events, Lenient), replayed);
            }
        }, iter: 300);
    }

    [Fact]
    public void ReplayAgain_BadHistory_ThrowsAsFromHistoryAndTheNextReplayIsWhole()
    {
        var first = Open(Lenient);
        first.Acknowledge(At(1), Alice);
        first.LinkAlert("prom:db", null, At(2), Alice);
        var second = Open(Lenient);
        IncidentEvent[] twoOpenings = [.. first.Events, second.Events[0]];
        IncidentEvent[][] bad = [[], [first.Events[1]], twoOpenings];
        var replayed = Incident.ForReplay(Lenient);

        foreach (var events in bad)
        {
            var expected = Assert.Throws<ArgumentException>(() => Incident.FromHistory(events, Lenient));
            var actual = Assert.Throws<ArgumentException>(() => replayed.ReplayAgain(events));
            Assert.Equal(expected.Message, actual.Message);
            Assert.Equal("events", actual.ParamName);

            replayed.ReplayAgain([.. second.Events]);
            AssertEveryFieldEqual(Incident.FromHistory(second.Events, Lenient), replayed);
        }
    }

    [Fact]
    public void FromHistory_ListThatIsNoCollection_EqualsFromAnArray()
    {
        // FromHistory copies an ICollection's events into the timeline in one go and any other list event by event; both agree.
        var live = Open(Lenient);
        live.Acknowledge(At(1), Alice);
        live.Resolve("fixed", "done", At(2), Alice);

        AssertEveryFieldEqual(Incident.FromHistory(live.Events.ToArray(), Lenient), Incident.FromHistory(new ListOnly(live.Events), Lenient));
        AssertEveryFieldEqual(Incident.FromHistory(live.Events.ToArray(), Lenient), Incident.FromHistory(live.Events.Select(e => e), Lenient));
    }

    // Every instance field, by reflection, so that a field added to Incident later is compared too (and must be Reset).
    private static void AssertEveryFieldEqual(Incident expected, Incident actual)
    {
        foreach (var field in typeof(Incident).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            var e = field.GetValue(expected);
            var a = field.GetValue(actual);
            if (e is IEnumerable expectedItems and not string && a is IEnumerable actualItems)
            {
                Assert.True(expectedItems.Cast<object>().SequenceEqual(actualItems.Cast<object>()), $"{field.Name} differs.");
            }
            else
            {
                Assert.True(Equals(e, a), $"{field.Name}: expected {e}, got {a}.");
            }
        }
    }

    private static Incident Live((bool Exercise, bool Categorised, (int Command, int Variant, int Minutes)[] Steps) history)
    {
        var details = Details("replay") with
        {
            IsExercise = history.Exercise,
            Service = history.Categorised ? "orders-db" : null,
            AssignmentGroup = history.Categorised ? "dba" : null,
        };
        var incident = Incident.Open(IncidentId.New(), Tenant, details, T0, Alice, Lenient);
        var at = T0;
        foreach (var (command, variant, minutes) in history.Steps)
        {
            at += Duration.FromMinutes(minutes);
            var actor = variant == 0 ? Alice : Bob;
            var text = "text " + variant;
            try
            {
                switch ((IncidentCommand)command)
                {
                    case IncidentCommand.Acknowledge: incident.Acknowledge(at, actor); break;
                    case IncidentCommand.Assign: incident.Assign(variant == 1 ? null : Bob, "group-" + variant, at, actor); break;
                    case IncidentCommand.StartWork: incident.StartWork(at, actor); break;
                    case IncidentCommand.PutOnHold: incident.PutOnHold(text, at, actor); break;
                    case IncidentCommand.Resume: incident.Resume(at, actor); break;
                    case IncidentCommand.ChangePriority when variant == 0: incident.Reassess(new Impact(1), new Urgency(2), null, at, actor); break;
                    case IncidentCommand.ChangePriority: incident.OverridePriority(new Priority(1 + variant), text, at, actor); break;
                    case IncidentCommand.Recategorise: incident.Recategorise(new CategoryPath("Software/App" + variant), null, at, actor); break;
                    case IncidentCommand.AddWorkNote: incident.AddWorkNote(text, at, actor); break;
                    case IncidentCommand.LinkAlert: incident.LinkAlert("alert-" + variant, null, at, actor); break;
                    case IncidentCommand.RecordDiagnosis: incident.RecordDiagnosis((DiagnosisStage)variant, text, at, actor); break;
                    case IncidentCommand.Escalate: incident.Escalate((EscalationKind)(variant % 2), text, null, at, actor); break;
                    case IncidentCommand.Resolve: incident.Resolve("fixed", text, at, actor); break;
                    case IncidentCommand.Reopen: incident.Reopen(text, at, actor); break;
                    case IncidentCommand.Close: incident.Close(at, actor); break;
                    case IncidentCommand.Cancel: incident.Cancel(text, at, actor); break;
                    default: break;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidIncidentTransitionException)
            {
                // Not permitted here (or a repeated alert): the history simply goes on without it.
            }
        }

        return incident;
    }

    // An IReadOnlyList that is no ICollection<T>.
    private sealed class ListOnly(IReadOnlyList<IncidentEvent> events) : IReadOnlyList<IncidentEvent>
    {
        public int Count => events.Count;

        public IncidentEvent this[int index] => events[index];

        public IEnumerator<IncidentEvent> GetEnumerator() => events.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
