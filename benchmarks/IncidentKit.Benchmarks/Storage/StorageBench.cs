using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Benchmarks.Storage;

// Shared helpers of the storage benchmarks: writers that keep their own incident and append to it.
internal static class StorageBench
{
    public const string PostgresVariable = "INCIDENTKIT_POSTGRES";

    public static readonly UserId Actor = new("user:bench");

    public static BenchClock NewClock() => new(Instant.FromUtc(2026, 6, 15, 10, 0));

    public static async Task<Incident[]> OpenIncidentsAsync(IIncidentStore store, IClock clock, int count, Func<Incident, DueWork?>? due = null)
    {
        var incidents = new Incident[count];
        for (var i = 0; i < count; i++)
        {
            var incident = Incident.Open(IncidentId.New(), i % 2 == 0 ? TenantId.Default : new TenantId("tenant-b"),
                new NewIncident { Title = $"bench {i}", Impact = new Impact(2), Urgency = new Urgency(2), Service = "checkout" }, clock.GetCurrentInstant(), Actor);
            await store.AppendAsync(IncidentChange.For(incident) with { NextDue = due?.Invoke(incident) });
            incident.MarkCommitted();
            incidents[i] = incident;
        }

        return incidents;
    }

    // One durable append of `events` work notes to the writer's incident.
    public static async Task AppendNotesAsync(IIncidentStore store, Incident incident, Instant at, int events)
    {
        for (var i = 0; i < events; i++)
        {
            incident.AddWorkNote("Investigating the checkout latency spike", at, Actor);
        }

        await store.AppendAsync(IncidentChange.For(incident));
        incident.MarkCommitted();
    }

    // Throws unless the store holds exactly what the writers believe: no benchmark times a store that loses appends.
    public static async Task VerifyAsync(IIncidentStore store, IEnumerable<Incident> incidents)
    {
        foreach (var incident in incidents.Take(8))
        {
            var history = await store.ReadAsync(incident.Tenant, incident.Id);
            if (history.Version != incident.Version || history.Events.Count != incident.Version)
            {
                throw new InvalidOperationException($"Store holds v{history.Version} of {incident.Id} but the writer committed v{incident.Version}.");
            }
        }
    }

    public static async Task VerifyClaimAsync(IDueWorkStore store, BenchClock clock, Duration lease, int expected)
    {
        clock.Advance(lease + Duration.FromSeconds(1));
        var claimed = await store.ClaimDueAsync("verify", lease, expected);
        if (claimed.Count != expected || claimed.Select(c => c.Incident).Distinct().Count() != expected)
        {
            throw new InvalidOperationException($"Expected to claim {expected} distinct due items, claimed {claimed.Count}.");
        }

        if (!await store.CompleteDueAsync(claimed[0]) || await store.CompleteDueAsync(claimed[0]))
        {
            throw new InvalidOperationException("A claimed item did not complete exactly once.");
        }
    }
}
