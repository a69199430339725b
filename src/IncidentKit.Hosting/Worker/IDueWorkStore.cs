using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// The storage seam the worker runs on. Storage adapters implement it over their own transactions; the in-memory one backs
// tests and demos. It is internal until the storage ports of the core (due work in IncidentChange, leases, outbox) land,
// at which point an adapter from those ports to this seam is all the worker needs.
internal interface IDueWorkStore
{
    // Leases up to max incidents whose due instant is at or before now and whose lease is free or expired, earliest due first.
    ValueTask<IReadOnlyList<DueWorkClaim>> ClaimDueAsync(string worker, Instant now, Duration lease, int max, CancellationToken cancellationToken);

    // In one transaction, and only while the claim's lease is still this worker's: appends the change (if any, with its
    // expected version), adds the outbox entries, and sets the incident's next due instant (null: nothing more is due).
    // Returns false, writing nothing, when the lease was taken over. Throws IncidentConcurrencyException, writing nothing,
    // when the incident changed since it was read.
    ValueTask<bool> CompleteAsync(DueWorkClaim claim, IncidentChange? change, IReadOnlyList<OutboxEntry> outbox, Instant? nextDueAt, CancellationToken cancellationToken);

    // Returns when the oldest undelivered outbox entry was written, or null when the outbox is empty.
    ValueTask<Instant?> OldestUndeliveredAsync(CancellationToken cancellationToken);
}
