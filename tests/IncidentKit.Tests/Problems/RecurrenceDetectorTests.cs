using CsCheck;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Problems;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Problems;

public sealed class RecurrenceDetectorTests
{
    private static readonly CategoryPath Database = new("Software/Database");
    private static readonly CategoryPath Network = new("Network");

    private static IncidentOccurrence Occ(int id, double days, string? service = "orders-db", CategoryPath? category = null, params string[] alerts) =>
        new(new IncidentId(new Guid(id, 0, 0, new byte[8])), T0 + Duration.FromHours(days * 24), service, category ?? Database,
            [.. alerts.Select(a => new AlertFingerprint("alertmanager", a))]);

    private static RecurrenceDetector Detector(int n = 3, int days = 7, bool byService = true, bool byAlert = true) =>
        new(new RecurrenceOptions { MinIncidents = n, WindowDays = days, ByServiceAndCategory = byService, ByAlertFingerprint = byAlert });

    [Fact]
    public void Detect_ThreeWithinSevenDays_SuggestsWithEvidence()
    {
        // Hand fixture: incidents 1, 2, 3 lie within 7 days (days 0, 3, 7: the end is inclusive); 4 is 20 days later, alone.
        var suggestions = Detector().Detect([Occ(2, 3), Occ(1, 0), Occ(3, 7), Occ(4, 27)]);

        var s = Assert.Single(suggestions);
        Assert.Equal(new RecurrenceKey(RecurrenceKind.ServiceAndCategory, "orders-db", Database, null), s.Key);
        Assert.Equal([1, 2, 3], s.Evidence.Select(e => e.Incident.Value.ToByteArray()[0]));
        Assert.Equal(T0, s.FirstOpenedAt);
        Assert.Equal(T0 + Duration.FromDays(7), s.LastOpenedAt);
        Assert.Contains("3 incidents", s.SuggestedTitle, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ExercisesByDefault_LeavesThemOut()
    {
        // Three drills of the same service and category within a week, plus one real incident: not a recurrence unless asked.
        IncidentOccurrence[] occurrences = [Occ(1, 0) with { IsExercise = true }, Occ(2, 1) with { IsExercise = true }, Occ(3, 2), Occ(4, 3) with { IsExercise = true }];

        Assert.Empty(Detector().Detect(occurrences));
        var withExercises = new RecurrenceDetector(new RecurrenceOptions { IncludeExercises = true }).Detect(occurrences);
        Assert.Equal([1, 2, 3, 4], Assert.Single(withExercises).Evidence.Select(e => e.Incident.Value.ToByteArray()[0]));
    }

    [Fact]
    public void FromHistory_ExerciseOpened_MarksOccurrenceAsExercise()
    {
        IncidentEvent[] events =
        [
            new IncidentOpened(Guid.NewGuid(), T0, Alice)
            {
                Incident = IncidentId.New(), Tenant = Tenant, Title = "drill", Impact = Impact.High, Urgency = Urgency.High,
                Priority = Priority.P1, Category = Network, Service = "checkout", IsExercise = true,
            },
        ];

        Assert.True(IncidentOccurrence.FromHistory(events).IsExercise);
        Assert.False(IncidentOccurrence.FromHistory([((IncidentOpened)events[0]) with { IsExercise = false }]).IsExercise);
    }

    [Fact]
    public void Detect_SpreadWiderThanWindow_SuggestsNothing()
    {
        // Days 0, 4, 8.5: any two are within 7 days, but never three.
        Assert.Empty(Detector().Detect([Occ(1, 0), Occ(2, 4), Occ(3, 8.5)]));
    }

    [Fact]
    public void Detect_SameAlertAcrossServices_SuggestsByFingerprintOnly()
    {
        var suggestions = Detector().Detect(
        [
            Occ(1, 0, "checkout", Network, "fp-1"), Occ(2, 1, "search", Database, "fp-1"), Occ(3, 2, "orders-db", Network, "fp-1", "fp-2"),
        ]);

        var s = Assert.Single(suggestions);
        Assert.Equal(RecurrenceKind.AlertFingerprint, s.Key.Kind);
        Assert.Equal(new AlertFingerprint("alertmanager", "fp-1"), s.Key.Fingerprint);
        Assert.Equal(3, s.Evidence.Count);
    }

    [Fact]
    public void Detect_KeyTurnedOff_IgnoresIt()
    {
        IncidentOccurrence[] occurrences = [Occ(1, 0, alerts: "fp"), Occ(2, 1, alerts: "fp"), Occ(3, 2, alerts: "fp")];

        Assert.Equal(RecurrenceKind.AlertFingerprint, Assert.Single(Detector(byService: false).Detect(occurrences)).Key.Kind);
        Assert.Equal(RecurrenceKind.ServiceAndCategory, Assert.Single(Detector(byAlert: false).Detect(occurrences)).Key.Kind);
    }

    [Fact]
    public void Detect_WithoutServiceOrCategory_HasNoServiceKey()
    {
        Assert.Empty(Detector().Detect([Occ(1, 0, service: null), Occ(2, 1, service: null), Occ(3, 2, service: null)]));
    }

    [Fact]
    public void Detect_AllEvidenceLinkedToKnownProblem_LeavesSuggestionOut()
    {
        IncidentOccurrence[] occurrences = [Occ(1, 0), Occ(2, 1), Occ(3, 2)];
        var known = Problem.Open(ProblemId.New(), Tenant, "known", Alice, T0, Alice, occurrences.Select(o => o.Incident));
        var partly = Problem.Open(ProblemId.New(), Tenant, "partly", Alice, T0, Alice, [occurrences[0].Incident]);

        Assert.Empty(Detector().Detect(occurrences, [known]));
        Assert.Single(Detector().Detect(occurrences, [partly]));
    }

    [Fact]
    public void Options_Invalid_ThrowListingEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => Detector(n: 1, days: 0, byService: false, byAlert: false));

        Assert.Contains("MinIncidents must be 2 to 1000 but was 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("WindowDays must be 1 to 366 but was 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("At least one of ByServiceAndCategory and ByAlertFingerprint", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Detector(days: 367));
    }

    [Fact]
    public void FromHistory_RecategorisedAndAlerts_UsesLastCategoryAndEachAlertOnce()
    {
        var id = IncidentId.New();
        IncidentEvent[] events =
        [
            new IncidentOpened(Guid.NewGuid(), T0, Alice)
            {
                Incident = id,
                Tenant = Tenant,
                Title = "t",
                Impact = Impact.High,
                Urgency = Urgency.High,
                Priority = Priority.P1,
                Category = Network,
                Service = "checkout",
            },
            new AlertLinked(Guid.NewGuid(), At(1), Alice, "fp", "alertmanager"),
            new AlertLinked(Guid.NewGuid(), At(2), Alice, "fp", "alertmanager"),
            new IncidentRecategorised(Guid.NewGuid(), At(3), Alice, Database, null, null),
        ];

        var occurrence = IncidentOccurrence.FromHistory(events);

        Assert.Equal(new IncidentOccurrence(id, T0, "checkout", Database, occurrence.Alerts), occurrence);
        Assert.Equal([new AlertFingerprint("alertmanager", "fp")], occurrence.Alerts);
        Assert.Throws<ArgumentException>(() => IncidentOccurrence.FromHistory(events[1..]));
    }

    // Property: the detector agrees with a naive oracle that tries every window [t, t + D] starting at each incident of each key.
    [Fact]
    public void Detect_RandomIncidents_MatchesNaiveOracle()
    {
        var genOccurrence = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 30 * 24], Gen.Int[0, 3]).Select(t =>
            (Service: t.Item1 == 3 ? null : $"svc-{t.Item1}", Category: t.Item2 == 0 ? Database : Network, Hours: t.Item3, Alert: t.Item4));
        var gen = Gen.Select(genOccurrence.Array[0, 40], Gen.Int[2, 5], Gen.Int[1, 10]);

        gen.Sample(t =>
        {
            var (raw, n, days) = t;
            var occurrences = raw.Select((r, i) => new IncidentOccurrence(new IncidentId(new Guid(i + 1, 0, 0, new byte[8])), T0 + Duration.FromHours(r.Hours),
                r.Service, r.Category, r.Alert == 0 ? [] : [new AlertFingerprint(null, $"fp-{r.Alert}")])).ToList();

            var actual = Detector(n, days).Detect(occurrences)
                .ToDictionary(s => s.Key, s => s.Evidence.Select(e => e.Incident).OrderBy(i => i.Value).ToList());
            var expected = Oracle(occurrences, n, Duration.FromDays(days));

            Assert.Equal(expected.Keys.ToHashSet(), actual.Keys.ToHashSet());
            foreach (var (key, incidents) in expected)
            {
                Assert.Equal(incidents, actual[key]);
            }
        }, iter: 2000);
    }

    private static Dictionary<RecurrenceKey, List<IncidentId>> Oracle(List<IncidentOccurrence> occurrences, int n, Duration window)
    {
        var keyed = new List<(RecurrenceKey Key, IncidentOccurrence O)>();
        foreach (var o in occurrences)
        {
            if (o.Service is not null && o.Category is { } c)
            {
                keyed.Add((new RecurrenceKey(RecurrenceKind.ServiceAndCategory, o.Service, c, null), o));
            }

            keyed.AddRange(o.Alerts.Select(a => (new RecurrenceKey(RecurrenceKind.AlertFingerprint, null, null, a), o)));
        }

        var result = new Dictionary<RecurrenceKey, List<IncidentId>>();
        foreach (var group in keyed.GroupBy(k => k.Key))
        {
            var members = group.Select(g => g.O).ToList();
            var evidence = new HashSet<IncidentId>();
            foreach (var start in members)
            {
                var inWindow = members.Where(m => m.OpenedAt >= start.OpenedAt && m.OpenedAt <= start.OpenedAt + window).ToList();
                if (inWindow.Count >= n)
                {
                    evidence.UnionWith(inWindow.Select(m => m.Incident));
                }
            }

            if (evidence.Count > 0)
            {
                result[group.Key] = [.. evidence.OrderBy(i => i.Value)];
            }
        }

        return result;
    }
}
