using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

// Checks that belong to no incident (heartbeat deadlines) live beside the streams' due items, with the same lease rules; the
// fenced operations of IDueWorkStore find either kind of slot by its key.
public sealed partial class InMemoryIncidentStore : IDueCheckStore
{
    private readonly Dictionary<(TenantId Tenant, IncidentId Check), DueSlot> _checks = [];

    /// <inheritdoc />
    public ValueTask ScheduleCheckAsync(TenantId tenant, IncidentId check, DueWork due, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckSchedule(check, due);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_checks.TryGetValue((tenant, check), out var slot))
            {
                _checks[(tenant, check)] = slot = new DueSlot();
            }

            Plan(slot, due);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimChecksAsync(DueWorkKind kind, string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaimChecks(kind, owner, leaseDuration, maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            var claimed = _checks
                .Where(p => p.Value.Due is { } due && due.Kind == kind && due.DueAt <= now && (p.Value.DueLease is not { } held || held.ExpiresAt <= now))
                .OrderBy(p => p.Value.Due!.Value.DueAt)
                .Take(maxItems)
                .ToList();
            if (claimed.Count == 0)
            {
                return ValueTask.FromResult<IReadOnlyList<ClaimedDueWork>>([]);
            }

            var lease = new WorkLease(owner, ++_lastToken, now + leaseDuration);
            foreach (var (_, slot) in claimed)
            {
                slot.DueLease = lease;
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedDueWork>>(
                [.. claimed.Select(p => new ClaimedDueWork(p.Key.Tenant, p.Key.Check, p.Value.Due!.Value, lease))]);
        }
    }

    // Call under the lock: the incident's or the check's due slot.
    private DueSlot? SlotOrNull(TenantId tenant, IncidentId key) =>
        _streams.TryGetValue((tenant, key), out var stream) ? stream : _checks.GetValueOrDefault((tenant, key));

    private class DueSlot
    {
        public DueWork? Due { get; set; }

        public WorkLease? DueLease { get; set; }
    }
}
