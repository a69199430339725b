using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Alerts;

// Missed heartbeats as due work. Each processed ping plans the monitor's check at its deadline in the store's due-work table
// (IDueCheckStore, kind HeartbeatCheck, keyed by HeartbeatMonitor.CheckId: an id no incident has, so the row needs no stream and
// the incident worker never claims it). A node claims due checks under the same leases as incidents' timers (fencing tokens,
// store clock), proves its lease still holds right before it decides, then either completes the check (the heartbeat is now
// missed and its incident open) or plans it again at the deadline a later ping set. A node that loses its lease acts on nothing;
// if it still slipped through, the group's compare-and-set and the derived incident id keep it to one incident.
public sealed partial class AlertProcessor
{
    private Dictionary<IncidentId, HeartbeatMonitor>? _byCheck;

    // Without due checks in the store, heartbeats stay with the group checks (compare-and-set only, no leases).
    private bool GroupChecksHeartbeats => _store is not IDueCheckStore;

    /// <summary>Claims heartbeat checks that have fallen due (under leases: each check to one node at a time) and opens an incident
    /// for every monitor whose ping is overdue; a check that a later ping pushed back is planned again at its new deadline.</summary>
    /// <remarks>Call it periodically on every node (the hosted intake worker does, every round). The store must keep due checks
    /// (<see cref="IDueCheckStore"/>; the shipped stores do); otherwise nothing is claimed here and
    /// <see cref="CheckDueAsync"/> checks heartbeats with the groups.</remarks>
    /// <param name="owner">The node's name, 1 to 200 characters, e.g. host and process id.</param>
    /// <param name="maxItems">The most checks to take in this call, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns>How many heartbeats this call found missed (and opened or reopened an incident for).</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    /// <exception cref="IncidentAccessDeniedException">The <see cref="Authorizer"/> denied opening an incident; that check is left
    /// to its lease and tried again after it.</exception>
    public async Task<int> RunHeartbeatChecksAsync(string owner, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        if (_store is not IDueCheckStore checks)
        {
            StoreContract.CheckClaim(owner, Lease, maxItems);
            return 0;
        }

        var claimed = await checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, owner, Lease, maxItems, cancellationToken).ConfigureAwait(false);
        var missed = 0;
        foreach (var claim in claimed)
        {
            if (await CheckHeartbeatAsync(claim, cancellationToken).ConfigureAwait(false))
            {
                missed++;
            }
        }

        return missed;
    }

    /// <summary>Acts on one claimed heartbeat check, if its lease still holds: opens the monitor's incident when its ping is
    /// overdue, or plans the check again at the deadline a later ping set.</summary>
    /// <param name="claim">The check as claimed (<see cref="IDueCheckStore.ClaimChecksAsync"/> with
    /// <see cref="DueWorkKind.HeartbeatCheck"/>).</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns><see langword="true"/> when the heartbeat was found missed; <see langword="false"/> when it was not, the monitor is
    /// no longer configured, or the lease was lost (then nothing is changed: the new holder acts).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="ArgumentException">The claim is not a heartbeat check.</exception>
    /// <exception cref="InvalidOperationException">The store keeps no due checks.</exception>
    /// <exception cref="IncidentAccessDeniedException">The <see cref="Authorizer"/> denied opening the incident.</exception>
    public async Task<bool> CheckHeartbeatAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Due.Kind != DueWorkKind.HeartbeatCheck)
        {
            throw new ArgumentException($"Expected a {DueWorkKind.HeartbeatCheck} claim, got {claim.Due.Kind}.", nameof(claim));
        }

        var checks = _store as IDueCheckStore ?? throw new InvalidOperationException("The alert store keeps no due checks (IDueCheckStore).");
        var dueWork = (IDueWorkStore)checks;
        _byCheck ??= _heartbeats.Values.ToDictionary(m => m.CheckId);
        if (!_byCheck.TryGetValue(claim.Incident, out var monitor) || monitor.Tenant != claim.Tenant)
        {
            // The monitor was removed from the configuration: nothing watches it any more.
            await dueWork.CompleteDueAsync(claim, cancellationToken).ConfigureAwait(false);
            return false;
        }

        // Fencing: a node that paused past its lease (another node may hold the check now) must not decide.
        if (await dueWork.RenewDueAsync(claim, Lease, cancellationToken).ConfigureAwait(false) is not { } held)
        {
            return false;
        }

        Instant? next = null;
        var missed = false;
        await DecideAsync(claim.Tenant, HeartbeatGroup(monitor), (state, now) =>
        {
            // The store's clock said the check is due; deciding at least at its instant keeps a node whose clock lags from
            // finding nothing due and letting its lease lapse.
            missed = AlertGroupEngine.Miss(state, Instant.Max(now, claim.Due.DueAt), _options);
            next = AlertGroupEngine.HeartbeatDueAt(state);
            return missed;
        }, cancellationToken).ConfigureAwait(false);

        if (next is { } deadline && deadline != held.Due.DueAt)
        {
            // A later ping moved the deadline (its own plan may already be there; this one is the same or drops our lease).
            await checks.ScheduleCheckAsync(claim.Tenant, claim.Incident, new DueWork(deadline, DueWorkKind.HeartbeatCheck), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await dueWork.CompleteDueAsync(held, cancellationToken).ConfigureAwait(false);
        }

        return missed;
    }

    private static string HeartbeatGroup(HeartbeatMonitor monitor) => "heartbeat|" + monitor.Name;

    private async Task ScheduleHeartbeatCheckAsync(HeartbeatMonitor monitor, Instant? deadline, CancellationToken cancellationToken)
    {
        if (_store is IDueCheckStore checks && deadline is { } at)
        {
            await checks.ScheduleCheckAsync(monitor.Tenant, monitor.CheckId, new DueWork(at, DueWorkKind.HeartbeatCheck), cancellationToken).ConfigureAwait(false);
        }
    }
}
