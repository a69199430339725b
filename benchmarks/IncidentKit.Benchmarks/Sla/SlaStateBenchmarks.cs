using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using IncidentKit.Benchmarks.Calendars;
using IncidentKit.Calendars;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Tests.Calendars;
using NodaTime;

namespace IncidentKit.Benchmarks.Sla;

/// <summary>The SLA state of an incident with 20 events (two holds, a priority change, status updates) on a split-hours London calendar with holidays.</summary>
[MemoryDiagnoser]
[Config(typeof(MedianConfig))]
public class SlaStateBenchmarks
{
    private sealed class MedianConfig : ManualConfig
    {
        public MedianConfig() => AddColumn(StatisticColumn.Median);
    }

    private static readonly UserId Agent = new("agent:bench");
    private SlaEngine _engine = null!;
    private List<IncidentEvent> _events = null!;
    private Instant _asOf;

    [GlobalSetup]
    public void Setup()
    {
        var calendar = BusinessCalendar.FromJson(BusinessCalendarBenchmarks.SplitHoursLondon);
        var policy = new SlaPolicyBuilder("standard").SetDefaultCalendar("office")
            .SetTarget(Priority.P1, SlaTargetKind.Response, Duration.FromMinutes(30))
            .SetTarget(Priority.P1, SlaTargetKind.Resolution, Duration.FromHours(8))
            .SetTarget(Priority.P1, SlaTargetKind.Update, Duration.FromHours(2))
            .SetTarget(Priority.P3, SlaTargetKind.Response, Duration.FromHours(4))
            .SetTarget(Priority.P3, SlaTargetKind.Resolution, Duration.FromHours(24))
            .Build();
        _engine = new SlaEngine(SlaPolicySet.ForAll(policy), new Dictionary<string, BusinessCalendar> { ["office"] = calendar },
            new SlaEngineOptions { IsStatusUpdate = e => e is WorkNoteAdded });

        // Friday 27 March 2026 before London's spring-forward, running into the next week.
        Instant t = Instant.FromUtc(2026, 3, 27, 13, 0);
        Instant At(int minutes) => t + Duration.FromMinutes(minutes);
        _events =
        [
            new IncidentOpened(Guid.NewGuid(), t, Agent)
            {
                Incident = new IncidentId(Guid.NewGuid()),
                Tenant = TenantId.Default,
                Title = "Checkout down",
                Impact = Impact.Medium,
                Urgency = Urgency.Medium,
                Priority = Priority.P3,
                Category = new CategoryPath("software/web"),
            },
            new IncidentAcknowledged(Guid.NewGuid(), At(10), Agent),
            new IncidentAssigned(Guid.NewGuid(), At(12), Agent, Agent, "web"),
            new WorkStarted(Guid.NewGuid(), At(20), Agent),
            new WorkNoteAdded(Guid.NewGuid(), At(40), Agent, "investigating"),
            new IncidentPutOnHold(Guid.NewGuid(), At(60), Agent, "waiting for vendor"),
            new WorkNoteAdded(Guid.NewGuid(), At(90), Agent, "vendor called"),
            new IncidentResumed(Guid.NewGuid(), At(150), Agent),
            new PriorityChanged(Guid.NewGuid(), At(160), Agent, Impact.High, Urgency.High, Priority.P1, "wider impact", false),
            new DiagnosisRecorded(Guid.NewGuid(), At(170), Agent, DiagnosisStage.Symptoms, "timeouts"),
            new WorkNoteAdded(Guid.NewGuid(), At(200), Agent, "update 2"),
            new AlertLinked(Guid.NewGuid(), At(210), Agent, "alert-1", "monitoring"),
            new IncidentPutOnHold(Guid.NewGuid(), At(230), Agent, "waiting for change window"),
            new WorkNoteAdded(Guid.NewGuid(), At(3 * 1440), Agent, "still waiting"),
            new IncidentResumed(Guid.NewGuid(), At(3 * 1440 + 60), Agent),
            new DiagnosisRecorded(Guid.NewGuid(), At(3 * 1440 + 90), Agent, DiagnosisStage.SuspectedCause, "pool exhaustion"),
            new WorkNoteAdded(Guid.NewGuid(), At(3 * 1440 + 120), Agent, "update 3"),
            new IncidentRecategorised(Guid.NewGuid(), At(3 * 1440 + 130), Agent, new CategoryPath("software/db"), null, null),
            new IncidentAssigned(Guid.NewGuid(), At(3 * 1440 + 140), Agent, Agent, "db"),
            new WorkNoteAdded(Guid.NewGuid(), At(3 * 1440 + 150), Agent, "update 4"),
        ];
        _asOf = At(3 * 1440 + 180);
        Validate(calendar);
    }

    // Refuse to time wrong answers: the fold's due instants must equal the naive oracle's over a pause list built by hand.
    private void Validate(BusinessCalendar calendar)
    {
        if (_events.Count != 20)
        {
            throw new InvalidOperationException($"Expected 20 events, have {_events.Count}.");
        }

        var naive = NaiveCalendar.FromJson(BusinessCalendarBenchmarks.SplitHoursLondon);
        Interval[] holds = [new(_events[5].At, _events[7].At), new(_events[12].At, _events[14].At)];
        var state = _engine.Evaluate(_events, _asOf);
        var expectedResolution = naive.AddBusinessTime(_events[0].At, Duration.FromHours(8), holds, 20 * 1440);
        var expectedUpdate = naive.AddBusinessTime(_events[19].At, Duration.FromHours(2), [], 20 * 1440);
        if (expectedResolution.Exceeded || state.Resolution.DueAt != expectedResolution.Due
            || state.Update.DueAt != expectedUpdate.Due
            || state.Resolution.Elapsed != naive.BusinessTimeBetween(_events[0].At, _asOf, holds)
            || state.Response.Status != SlaClockStatus.Met
            || calendar.AddBusinessTime(_events[0].At, Duration.FromHours(8), holds) != state.Resolution.DueAt)
        {
            throw new InvalidOperationException($"The SLA fold disagrees with the oracle: {state}; oracle resolution due {expectedResolution.Due}.");
        }
    }

    [Benchmark(Baseline = true)]
    public SlaState Evaluate() => _engine.Evaluate(_events, _asOf);

    [Benchmark]
    public int GetDueEvents() => _engine.GetDueEvents(_events, _asOf).Count;

    [Benchmark]
    public SlaDueEvent? GetNextDue() => _engine.GetNextDue(_events);
}
