using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Keeps each incident's delivery log beside its stream: what was sent on which channel, and what failed.</summary>
/// <remarks>
/// <para>An entry is written on its own, never with the incident's events, so recording a delivery never contends with the
/// people working the incident for the stream's next version. Entries are idempotent by <see cref="DeliveryRecord.Id"/>, kept
/// per tenant, and only for incidents that exist for that tenant. <see cref="IncidentTimeline"/> merges them into the
/// incident's timeline.</para>
/// <para>The stores that ship (<see cref="InMemoryIncidentStore"/>, SQLite, PostgreSQL) implement this port.</para>
/// </remarks>
/// <threadsafety>Implementations are thread-safe.</threadsafety>
public interface IDeliveryLog
{
    /// <summary>Adds an entry to its incident's delivery log, unless an entry with its id is there already.</summary>
    /// <param name="record">The entry.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the log held the entry already.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="Incidents.IncidentNotFoundException">The tenant has no such incident.</exception>
    ValueTask<bool> RecordDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default);

    /// <summary>Reads an incident's delivery log.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The entries, by instant (then channel, key and attempt); empty when the tenant has no such incident.</returns>
    ValueTask<IReadOnlyList<DeliveryRecord>> ReadDeliveriesAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default);
}
