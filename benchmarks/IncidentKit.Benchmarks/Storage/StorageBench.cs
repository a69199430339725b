using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
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

    public static async Task<BenchWriter[]> OpenIncidentsAsync(IIncidentStore store, IClock clock, int count, Func<Incident, DueWork?>? due = null)
    {
        var writers = new BenchWriter[count];
        for (var i = 0; i < count; i++)
        {
            var incident = Incident.Open(IncidentId.New(), i % 2 == 0 ? TenantId.Default : new TenantId("tenant-b"),
                new NewIncident { Title = $"bench {i}", Impact = new Impact(2), Urgency = new Urgency(2), Service = "checkout" }, clock.GetCurrentInstant(), Actor);
            await store.AppendAsync(IncidentChange.For(incident) with { NextDue = due?.Invoke(incident) });
            writers[i] = new BenchWriter(incident.ToSummary());
        }

        return writers;
    }

    // One durable append of `events` work notes to the writer's incident. The events are built directly, so that the time is
    // the store's, not the domain's (a command costs a workflow check on top).
    public static async Task AppendNotesAsync(IIncidentStore store, BenchWriter writer, Instant at, int events)
    {
        var notes = new IncidentEvent[events];
        for (var i = 0; i < events; i++)
        {
            notes[i] = new WorkNoteAdded(Guid.CreateVersion7(), at, Actor, "Investigating the checkout latency spike");
        }

        var summary = writer.Summary with { Version = writer.Summary.Version + events, LastChangedAt = at };
        await store.AppendAsync(new IncidentChange
        {
            Tenant = summary.Tenant,
            Incident = summary.Id,
            ExpectedVersion = new ExpectedVersion(writer.Summary.Version),
            Events = notes,
            Summary = summary,
        });
        writer.Summary = summary;
    }

    // Throws unless the store holds exactly what the writers believe: no benchmark times a store that loses appends.
    public static async Task VerifyAsync(IIncidentStore store, IEnumerable<BenchWriter> writers)
    {
        foreach (var writer in writers.Take(8))
        {
            var history = await store.ReadAsync(writer.Summary.Tenant, writer.Summary.Id);
            if (history.Version != writer.Summary.Version || history.Events.Count != writer.Summary.Version
                || Incident.FromHistory(history.Events).WorkNoteCount != writer.Summary.Version - 1)
            {
                throw new InvalidOperationException($"Store holds v{history.Version} of {writer.Summary.Id} but the writer committed v{writer.Summary.Version}.");
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

// A writer's view of its incident: the summary it last committed.
internal sealed class BenchWriter(IncidentSummary summary)
{
    public IncidentSummary Summary { get; set; } = summary;
}
