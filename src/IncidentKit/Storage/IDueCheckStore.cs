using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Keeps due checks that belong to no incident (a heartbeat monitor's deadline) beside incidents' due work, under the same
/// leases: scheduled and claimed here by kind, then renewed, completed and released through <see cref="IDueWorkStore"/>.</summary>
/// <remarks>
/// <para>A check is a due item keyed by a caller-chosen id in the place of an incident id (for heartbeats,
/// <see cref="Alerts.HeartbeatMonitor.CheckId"/>, a name-based id that no incident has). It has no stream: nothing is appended for
/// it, and <see cref="IDueWorkStore.ClaimDueAsync"/> never hands it out, so the incident worker never mistakes it for an incident.
/// Its kind is a check kind (<see cref="StoreContract.IsCheck"/>).</para>
/// <para>Leases work as for incidents' due items: a claim stamps a fencing token from the same counter, expiry is decided by the
/// store's clock, <see cref="IDueWorkStore.CompleteDueAsync"/>, <see cref="IDueWorkStore.RenewDueAsync"/> and
/// <see cref="IDueWorkStore.ReleaseDueAsync"/> succeed only for the current, unexpired lease, and re-scheduling a check to another
/// instant drops its lease (as an append's re-plan does), so a node that held the old plan can no longer complete it. Of several
/// nodes claiming at once, each check goes to one.</para>
/// <para>Implementations are thread-safe and, for SQL stores, safe across processes or nodes sharing one database.</para>
/// </remarks>
public interface IDueCheckStore
{
    /// <summary>Plans a check, replacing its earlier plan (and dropping that plan's lease when the instant or kind changes).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="check">The check's key.</param>
    /// <param name="due">When it falls due; its kind must be a check kind.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>A task that completes when the plan is durable.</returns>
    /// <exception cref="ArgumentException">The key is empty or the kind is an incident's due work, not a check.</exception>
    ValueTask ScheduleCheckAsync(TenantId tenant, IncidentId check, DueWork due, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxItems"/> checks of one kind whose instant has come and that nobody holds, oldest first,
    /// across tenants.</summary>
    /// <param name="kind">The check kind.</param>
    /// <param name="owner">The claiming node's name, 1 to 200 characters.</param>
    /// <param name="leaseDuration">How long the claim is exclusive: 1 second to 1 day.</param>
    /// <param name="maxItems">The most checks to claim, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the claim.</param>
    /// <returns>The claimed checks (their <see cref="ClaimedDueWork.Incident"/> is the check's key), oldest first.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, or <paramref name="kind"/> is not a check kind.</exception>
    ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimChecksAsync(DueWorkKind kind, string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default);
}
