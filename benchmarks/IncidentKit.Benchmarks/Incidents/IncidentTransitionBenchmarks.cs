using BenchmarkDotNet.Attributes;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Benchmarks.Incidents;

/// <summary>Goal: one command (workflow decision + event) appended to the in-memory store in at most 2 µs.</summary>
[MemoryDiagnoser]
public class IncidentTransitionBenchmarks
{
    private const int Operations = 2;
    private static readonly UserId Actor = new("alice");
    private static readonly TenantId Tenant = new("acme");

    private InMemoryIncidentStore _store = null!;
    private Incident _incident = null!;
    private Instant _at;

    [GlobalSetup]
    public void Setup()
    {
        Reset();

        // Refuse to time a workflow that answers wrongly.
        var probe = Incident.Open(IncidentId.New(), Tenant, new NewIncident { Title = "probe", Impact = Impact.High, Urgency = Urgency.High }, _at, Actor);
        probe.StartWork(_at, Actor);
        probe.PutOnHold("vendor", _at, Actor);
        if (probe.State != IncidentState.OnHold || probe.CanExecute(IncidentCommand.PutOnHold, _at) || !probe.CanExecute(IncidentCommand.Resume, _at))
        {
            throw new InvalidOperationException("The workflow does not answer as documented.");
        }

        TransitionAndAppend();
        TransitionOnly();
        if (_incident.State != IncidentState.InProgress)
        {
            throw new InvalidOperationException("Hold and resume did not return the incident to InProgress.");
        }

        Reset();
    }

    /// <summary>Puts on hold and resumes, each appended to the store: two commands per invocation.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long TransitionAndAppend()
    {
        if (_incident.Version > 1_000)
        {
            Reset();
        }

        _at += Duration.FromSeconds(1);
        _incident.PutOnHold("waiting for the vendor", _at, Actor);
        Append();
        _incident.Resume(_at, Actor);
        return Append().Version;
    }

    /// <summary>The same two commands without the store: the domain's share of the cost.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long TransitionOnly()
    {
        if (_incident.Version > 1_000)
        {
            Reset();
        }

        _at += Duration.FromSeconds(1);
        _incident.PutOnHold("waiting for the vendor", _at, Actor);
        _incident.Resume(_at, Actor);
        _incident.MarkCommitted();
        return _incident.Version;
    }

    // The in-memory store completes synchronously; anything else would not be an in-memory figure.
    private AppendResult Append()
    {
        var pending = _store.AppendAsync(IncidentChange.For(_incident));
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The in-memory append did not complete synchronously.");
        }

        _incident.MarkCommitted();
        return pending.Result;
    }

    // Streams are capped so that a long run measures steady-state appends, not an ever-growing list.
    private void Reset()
    {
        _at = Instant.FromUtc(2026, 6, 15, 14, 0);
        _store = new InMemoryIncidentStore();
        _incident = Incident.Open(IncidentId.New(), Tenant,
            new NewIncident { Title = "Database cluster down", Impact = Impact.High, Urgency = Urgency.High }, _at, Actor);
        _incident.StartWork(_at, Actor);
        Append();
    }
}
