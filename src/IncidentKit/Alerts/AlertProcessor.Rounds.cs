using System.Collections.Concurrent;
using Ardalis.GuardClauses;

namespace IncidentKit.Alerts;

// What keeps an alert storm's cost per alert flat. A group's state holds an entry for every alert of the group (2 000 per group in
// a 100 000-alert storm over 50 groups), and each round read it, deserialised it and serialised it twice (saved with the round's
// actions queued, then again without them), so the cost per alert grew with the size of the group and shrank only with the size of
// the round. So: (1) a round may take up to 10 000 records, claimed from the store 1 000 at a time; (2) this processor keeps the
// state it last saved for each group, and while the stored version is still that one (only the version is read) it decides on the
// kept state instead of reading and deserialising the stored text; another node's save changes the version, and the kept state is
// dropped; (3) a round whose actions are only opens and links is saved once, with them queued: they are idempotent for ever (a
// link is skipped when present, an open of the derived id when opened), and the kept state remembers that they were applied.
public sealed partial class AlertProcessor
{
    /// <summary>The most records one call of <see cref="ProcessPendingAsync"/> takes.</summary>
    public const int MaxRecordsPerRound = 10_000;

    // The store hands out at most this many records per claim.
    private const int MaxClaim = 1000;

    // Kept states: at most this many groups, each of at most this many alerts (a larger one is read from the store each time).
    private const int MaxKeptGroups = 256;
    private const int MaxKeptAlertsPerGroup = 20_000;

    private readonly ConcurrentDictionary<(TenantId Tenant, string GroupKey), KeptState> _kept = new();

    private async Task<List<ClaimedAlert>> ClaimRoundAsync(string owner, int maxItems, CancellationToken cancellationToken)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, MaxRecordsPerRound, $"Expected 1 to {MaxRecordsPerRound} records per round.");
        var claimed = new List<ClaimedAlert>();
        while (claimed.Count < maxItems)
        {
            var wanted = Math.Min(MaxClaim, maxItems - claimed.Count);
            var chunk = await _store.ClaimReceivedAsync(owner, Lease, wanted, cancellationToken).ConfigureAwait(false);
            claimed.AddRange(chunk);
            if (chunk.Count < wanted)
            {
                break;
            }
        }

        return claimed;
    }

    // The group's state as stored and its version (0: no such group): the kept one when the stored version is the one this
    // processor saved last (taken out of the cache, so that two decisions on one group never share it; only the version is read),
    // else read from the store. Applied is true when the state's queued actions are known to have been applied by this processor.
    private async Task<(AlertGroupState State, long Version, bool Applied)> LoadAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken)
    {
        if (_kept.TryRemove((tenant, groupKey), out var kept)
            && await _store.FindGroupVersionOrNullAsync(tenant, groupKey, cancellationToken).ConfigureAwait(false) == kept.Version)
        {
            return (kept.State, kept.Version, kept.PendingApplied);
        }

        var record = await _store.FindGroupOrNullAsync(tenant, groupKey, cancellationToken).ConfigureAwait(false);
        return record is null
            ? (new AlertGroupState { Tenant = tenant, GroupKey = groupKey }, 0, false)
            : (AlertSerializer.FromRecord(record), record.Version, false);
    }

    // Keeps the state just saved as the given version (nothing else may change it afterwards).
    private void Keep(AlertGroupState state, long version, bool pendingApplied)
    {
        if (state.Alerts.Count > MaxKeptAlertsPerGroup)
        {
            return;
        }

        if (_kept.Count >= MaxKeptGroups)
        {
            _kept.Clear();
        }

        _kept[(state.Tenant, state.GroupKey)] = new KeptState(version, state, pendingApplied);
    }

    private static bool StayHarmless(List<AlertAction> actions) => actions.TrueForAll(a => a.Kind is AlertActionKind.Open or AlertActionKind.Link);

    private sealed record KeptState(long Version, AlertGroupState State, bool PendingApplied);
}
