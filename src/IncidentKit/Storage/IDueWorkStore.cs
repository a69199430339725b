using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Hands out incidents' due work to timer workers under leases: each due item to one worker at a time.</summary>
/// <remarks>
/// <para>Each incident has at most one due item, replaced by every append (<see cref="IncidentChange.NextDue"/>). A claim takes
/// items whose instant has come and that nobody holds (or whose lease expired), oldest first, across all tenants; every item
/// carries its tenant. An append that re-plans an item to another instant or kind drops its lease, so a worker still holding
/// the old lease can no longer complete it and the new plan survives.</para>
/// <para>Implementations are thread-safe and safe across processes or nodes sharing one database.</para>
/// </remarks>
public interface IDueWorkStore
{
    /// <summary>Returns an incident's planned due work, or <see langword="null"/> when nothing is due.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The due work, or <see langword="null"/> (also when the tenant has no such incident).</returns>
    ValueTask<DueWork?> FindDueOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxItems"/> incidents' due items that nobody holds, oldest first; checks that belong to
    /// no incident (<see cref="IDueCheckStore"/>) are never among them.</summary>
    /// <param name="owner">The claiming worker's name (1 to 200 characters), e.g. host name and process id.</param>
    /// <param name="leaseDuration">How long the claim is exclusive: 1 second to 1 day.</param>
    /// <param name="maxItems">The most items to claim, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the claim.</param>
    /// <returns>The claimed items, oldest first; empty when nothing is due.</returns>
    /// <exception cref="ArgumentException">An argument is outside its range.</exception>
    ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimDueAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Removes a claimed item once its work is done, if the lease still holds.</summary>
    /// <param name="claim">The item as claimed.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the item was removed; <see langword="false"/> when the lease expired, another worker
    /// holds the item now, or an append re-planned it (nothing is changed then).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    ValueTask<bool> CompleteDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default);

    /// <summary>Extends a claimed item's lease to <paramref name="leaseDuration"/> from now, if the lease still holds: a worker whose
    /// work on an item runs long calls it periodically, so that nobody else claims the item while it still acts.</summary>
    /// <remarks>Fenced like completion: the lease is renewed only while it is the item's current lease (same token and owner) and
    /// has not expired by the store's clock; the token stays the same. A worker whose renewal is refused has lost the item and
    /// stops acting on it.</remarks>
    /// <param name="claim">The item as claimed (or as last renewed).</param>
    /// <param name="leaseDuration">The new lease, counted from now: 1 second to 1 day.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The claim with its new expiry; <see langword="null"/> when the lease had lapsed, another worker holds the item now,
    /// or an append re-planned or removed it (nothing is changed then).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseDuration"/> is outside 1 second to 1 day.</exception>
    ValueTask<ClaimedDueWork?> RenewDueAsync(ClaimedDueWork claim, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed item back so that any worker may claim it at once, if the lease still holds.</summary>
    /// <param name="claim">The item as claimed.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the lease was dropped; <see langword="false"/> when it had lapsed or been replaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    ValueTask<bool> ReleaseDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default);
}
