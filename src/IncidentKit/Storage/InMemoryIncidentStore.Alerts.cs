using Ardalis.GuardClauses;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Storage;

// The alert intake's inbox, group state and integration keys, under the store's one lock.
public sealed partial class InMemoryIncidentStore
{
    private readonly Dictionary<(TenantId, string), InboxEntry> _inbox = [];
    private readonly List<InboxEntry> _inboxOrder = [];
    private readonly Dictionary<(TenantId, string), AlertGroupRecord> _groups = []; // each without its entries
    private readonly Dictionary<(TenantId, string), Dictionary<string, string>> _groupEntries = [];
    private readonly Dictionary<string, IntegrationKey> _keys = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<AlertReceipt> ReceiveAsync(AlertReceived received, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(received);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (received.Tenant, received.DedupKey);
            if (_inbox.TryGetValue(key, out var existing))
            {
                existing.Received = existing.Received with
                {
                    Occurrences = existing.Received.Occurrences + 1,
                    LastSeenAt = Max(existing.Received.LastSeenAt, received.ReceivedAt),
                };
                return ValueTask.FromResult(new AlertReceipt(existing.Received.Id, false, existing.Received.Occurrences));
            }

            var entry = new InboxEntry { Received = received with { Occurrences = 1, LastSeenAt = received.ReceivedAt, Processed = false } };
            _inbox.Add(key, entry);
            _inboxOrder.Add(entry);
            return ValueTask.FromResult(new AlertReceipt(received.Id, true, 1));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AlertReceived>> ListReceivedAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 10_000);
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<AlertReceived>>(
                [.. _inboxOrder.Where(e => e.Received.Tenant == tenant).Take(maxItems).Select(e => e.Received)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClaimedAlert>> ClaimReceivedAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            var lease = new WorkLease(owner, ++_lastToken, now + leaseDuration);
            var claimed = _inboxOrder.Where(e => !e.Received.Processed && (e.Lease is not { } held || held.ExpiresAt <= now)).Take(maxItems).ToList();
            foreach (var e in claimed)
            {
                e.Lease = lease;
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedAlert>>([.. claimed.Select(e => new ClaimedAlert(e.Received, lease))]);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteReceivedAsync(ClaimedAlert claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        var now = Now();
        lock (_lock)
        {
            if (!_inbox.TryGetValue((claim.Received.Tenant, claim.Received.DedupKey), out var e) || e.Lease != claim.Lease || claim.Lease.ExpiresAt <= now)
            {
                return ValueTask.FromResult(false);
            }

            e.Lease = null;
            e.Received = e.Received with { Processed = true };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<AlertGroupRecord?> FindGroupOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(groupKey);
        lock (_lock)
        {
            var group = _groups.GetValueOrDefault((tenant, groupKey));
            return ValueTask.FromResult(group is not null && _groupEntries.TryGetValue((tenant, groupKey), out var entries)
                ? group with { Entries = new Dictionary<string, string>(entries, StringComparer.Ordinal) }
                : group);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveGroupAsync(AlertGroupRecord group, long expectedVersion, CancellationToken cancellationToken = default)
    {
        AlertStoreContract.CheckSave(group, expectedVersion);
        lock (_lock)
        {
            var actual = _groups.TryGetValue((group.Tenant, group.GroupKey), out var stored) ? stored.Version : 0;
            if (actual != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            _groups[(group.Tenant, group.GroupKey)] = group with { Entries = AlertGroupRecord.NoEntries };
            if (group.Entries.Count > 0)
            {
                if (!_groupEntries.TryGetValue((group.Tenant, group.GroupKey), out var entries))
                {
                    _groupEntries[(group.Tenant, group.GroupKey)] = entries = new(StringComparer.Ordinal);
                }

                foreach (var (key, entry) in group.Entries)
                {
                    entries[key] = entry;
                }
            }

            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AlertGroupRecord>> ListDueGroupsAsync(Instant now, int maxItems, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000);
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<AlertGroupRecord>>(
                [.. _groups.Values.Where(g => g.NextCheckAt <= now).OrderBy(g => g.NextCheckAt).Take(maxItems)]);
        }
    }

    /// <inheritdoc />
    public ValueTask SaveIntegrationKeyAsync(IntegrationKey key, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(key);
        lock (_lock)
        {
            _keys[key.KeyHash] = key;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IntegrationKey?> FindIntegrationKeyOrNullAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(keyHash);
        lock (_lock)
        {
            return ValueTask.FromResult(_keys.GetValueOrDefault(keyHash));
        }
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private sealed class InboxEntry
    {
        public required AlertReceived Received { get; set; }

        public WorkLease? Lease { get; set; }
    }
}
