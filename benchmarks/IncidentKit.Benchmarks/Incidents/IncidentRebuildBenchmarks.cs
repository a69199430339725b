using BenchmarkDotNet.Attributes;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Benchmarks.Incidents;

/// <summary>Goal: rebuilding an incident from 100 events (Incident.FromHistory) in at most 20 µs.</summary>
[MemoryDiagnoser]
public class IncidentRebuildBenchmarks
{
    private IncidentEvent[] _events = null!;
    private Incident _live = null!;

    [GlobalSetup]
    public void Setup()
    {
        var alice = new UserId("alice");
        var at = Instant.FromUtc(2026, 6, 15, 14, 0);
        var incident = Incident.Open(IncidentId.New(), new TenantId("acme"),
            new NewIncident { Title = "Database cluster down", Impact = Impact.High, Urgency = Urgency.High, Service = "orders-db" }, at, alice);
        incident.Acknowledge(at += Duration.FromMinutes(1), alice);
        incident.Assign(alice, "dba", at += Duration.FromMinutes(1), alice);
        incident.StartWork(at += Duration.FromMinutes(1), alice);

        // A realistic busy P1: notes, alerts, diagnosis, escalations, holds, reassessments.
        for (var n = 0; incident.Version < 98; n++)
        {
            at += Duration.FromMinutes(2);
            switch (n % 8)
            {
                case 0: incident.AddWorkNote($"note {n}", at, alice); break;
                case 1: incident.LinkAlert($"alert-{n}", "prometheus", at, alice); break;
                case 2: incident.RecordDiagnosis((DiagnosisStage)(n % 3), $"finding {n}", at, alice); break;
                case 3: incident.PutOnHold("vendor", at, alice); break;
                case 4: incident.Resume(at, alice); break;
                case 5: incident.Reassess(Impact.High, (n & 8) == 0 ? Urgency.Medium : Urgency.High, null, at, alice); break;
                case 6: incident.Escalate(EscalationKind.Functional, "needs tier 2", "dba-tier2", at, alice); break;
                default: incident.AddWorkNote($"note {n}", at, alice); break;
            }
        }

        incident.Resolve("fixed", "failed over", at += Duration.FromMinutes(1), alice);
        incident.Close(at + Duration.FromMinutes(1), alice);
        _live = incident;
        _events = [.. incident.Events];
        if (_events.Length != 100)
        {
            throw new InvalidOperationException($"Expected 100 events, built {_events.Length}.");
        }

        var rebuilt = Rebuild();
        if (rebuilt.ToSummary() != _live.ToSummary() || !rebuilt.Diagnosis.SequenceEqual(_live.Diagnosis) ||
            !rebuilt.LinkedAlerts.SequenceEqual(_live.LinkedAlerts) || rebuilt.WorkNoteCount != _live.WorkNoteCount)
        {
            throw new InvalidOperationException("The rebuilt incident differs from the live one.");
        }
    }

    [Benchmark(Baseline = true)]
    public Incident Rebuild() => Incident.FromHistory(_events);
}
