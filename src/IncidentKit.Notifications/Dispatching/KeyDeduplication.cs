using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications.Dispatching;

// Sends each idempotency key once per channel: drops repeats within a batch, and holds a key in the shared
// IDeliveryDeduplicationStore while it is being sent, so another dispatcher (or a later pass) never sends it again.
internal sealed class KeyDeduplication(IDeliveryDeduplicationStore store, Duration sendHold)
{
    public Duration SendHold { get; } = sendHold;

    // Returns the first row of each (channel, key) in claim order; the repeats go to the caller to complete.
    public static (List<OutboxNotification> Unique, List<OutboxNotification> Repeats) SplitRepeats(IReadOnlyList<OutboxNotification> claimed)
    {
        var seen = new HashSet<(string, string)>();
        var unique = new List<OutboxNotification>(claimed.Count);
        var repeats = new List<OutboxNotification>();
        foreach (var row in claimed)
        {
            (seen.Add((row.Message.Channel, row.Message.IdempotencyKey)) ? unique : repeats).Add(row);
        }

        return (unique, repeats);
    }

    public ValueTask<DeliveryClaim> TryClaimAsync(string channel, OutboxNotification row, Instant now, CancellationToken cancellationToken) =>
        store.TryClaimAsync(channel, row.Message.IdempotencyKey, now, SendHold, cancellationToken);

    public async Task MarkDeliveredAsync(string channel, List<ClaimedRow> rows, Instant at, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await store.MarkDeliveredAsync(channel, row.Row.Message.IdempotencyKey, at, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<int> RecordFailureAsync(string channel, ClaimedRow row, Instant at, CancellationToken cancellationToken) =>
        store.RecordFailureAsync(channel, row.Row.Message.IdempotencyKey, at, cancellationToken);

    // Releasing must happen even while cancelling, or the keys stay held until their hold runs out.
    public async Task ReleaseAsync(string channel, List<ClaimedRow> rows)
    {
        foreach (var row in rows)
        {
            await store.ReleaseAsync(channel, row.Row.Message.IdempotencyKey, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
