using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Benchmarks.Escalation;

// Goal (issue 4): compute the next escalation action for 100 000 open incidents in <= 100 ms.
// The population: 100 000 open incidents opened over 10 minutes, each escalation started and its first step fired; 90 % were
// acknowledged after the first page, the rest wait for the next level. At Now (12 minutes in) about 7 % are due.
[MemoryDiagnoser]
public class EscalationBenchmarks
{
    private const int Count = 100_000;
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly Instant Now = T0 + Duration.FromMinutes(12);

    private EscalationEngine _engine = null!;
    private IncidentEvent[][] _events = null!;
    private EscalationState[] _states = null!;

    [GlobalSetup]
    public void Setup()
    {
        var policy = new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("primary"))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(10), EscalationTarget.Team("tier2"))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(15), EscalationTarget.Role("service-owner-manager"))
            .RepeatTimes(2)
            .Build();
        var matrix = new EscalationMatrixBuilder().AddRule("p1", policy, Priority.P1, startLevel: 2).UseFallback(policy).Build();
        _engine = new EscalationEngine(matrix, new Resolver(), new Resolver());

        var random = new Random(42);
        _events = new IncidentEvent[Count][];
        _states = new EscalationState[Count];
        for (var i = 0; i < Count; i++)
        {
            var opened = T0 + Duration.FromMilliseconds(random.Next(0, 600_000));
            var incident = Incident.Open(new IncidentId(Guid.CreateVersion7()), new TenantId("acme"),
                new NewIncident { Title = "Disk full", Impact = new Impact(random.Next(1, 4)), Urgency = new Urgency(random.Next(1, 4)), Service = "storage" },
                opened, new UserId("monitoring"));
            incident.RecordEscalation(_engine.Decide(incident, opened, Complexity.Standard));
            if (i % 10 != 0)
            {
                incident.Acknowledge(opened + Duration.FromSeconds(30), new UserId("alice"));
            }

            _events[i] = [.. incident.Events];
            _states[i] = _engine.Fold(_events[i]);
        }

        Validate();
    }

    [Benchmark(Baseline = true, Description = "NextDueAt of 100k kept states")]
    public int NextDueAt()
    {
        var due = 0;
        foreach (var state in _states)
        {
            if (state.NextDueAt is { } at && at <= Now)
            {
                due++;
            }
        }

        return due;
    }

    [Benchmark(Description = "Decide for 100k kept states (7 % due)")]
    public int DecideAll()
    {
        var steps = 0;
        foreach (var state in _states)
        {
            steps += _engine.Decide(state, Now, Complexity.Standard).Steps.Count;
        }

        return steps;
    }

    [Benchmark(Description = "Fold 100k event streams")]
    public long FoldAll()
    {
        long version = 0;
        foreach (var events in _events)
        {
            version += EscalationState.FromEvents(events).Version;
        }

        return version;
    }

    [Benchmark(Description = "Fold + Decide 100k (restart)")]
    public int FoldAndDecideAll()
    {
        var steps = 0;
        foreach (var events in _events)
        {
            steps += _engine.Decide(EscalationState.FromEvents(events), Now, Complexity.Standard).Steps.Count;
        }

        return steps;
    }

    // The oracle: deciding from a kept state must equal deciding from the incident rebuilt from its events, and the kept
    // state's NextDueAt must equal the next due instant after recording the decision.
    private void Validate()
    {
        var due = 0;
        for (var i = 0; i < Count; i += 97)
        {
            var fromState = _engine.Decide(_states[i], Now, Complexity.Standard);
            var incident = Incident.FromHistory(_events[i]);
            var fromIncident = _engine.Decide(incident, Now, Complexity.Standard);
            var a = fromState.Steps.Select(s => (s.Level, s.Round, s.Trigger, s.DueAt, string.Join(',', s.Recipients)));
            var b = fromIncident.Steps.Select(s => (s.Level, s.Round, s.Trigger, s.DueAt, string.Join(',', s.Recipients)));
            if (!a.SequenceEqual(b) || fromState.NextDueAt != fromIncident.NextDueAt)
            {
                throw new InvalidOperationException($"Incident {i}: deciding from the kept state differs from deciding from the events.");
            }

            incident.RecordEscalation(fromIncident);
            if (_engine.Fold(incident.Events).NextDueAt != fromIncident.NextDueAt || !_engine.Decide(incident, Now, Complexity.Standard).IsEmpty)
            {
                throw new InvalidOperationException($"Incident {i}: the decision's NextDueAt is wrong or a step would fire twice.");
            }

            due += fromState.IsEmpty ? 0 : 1;
        }

        if (due == 0)
        {
            throw new InvalidOperationException("The sample has no due incident; the population is not what the benchmark claims.");
        }
    }

    private sealed class Resolver : IOnCallResolver, IEscalationDirectory
    {
        private static readonly UserId[] Alice = [new("alice")];
        private static readonly UserId[] Team = [new("carol"), new("bob")];

        public bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users)
        {
            users = Alice;
            return true;
        }

        public bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps)
        {
            gaps = [];
            return true;
        }

        public bool TryGetTeamMembers(string team, [NotNullWhen(true)] out IReadOnlyList<UserId>? members)
        {
            members = Team;
            return true;
        }

        public bool TryGetRoleHolders(string role, EscalationSubject subject, [NotNullWhen(true)] out IReadOnlyList<UserId>? holders)
        {
            holders = Alice;
            return true;
        }
    }
}
