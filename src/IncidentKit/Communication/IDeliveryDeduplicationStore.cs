using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Keeps the delivery ledger per channel and idempotency key: delivered or not, who is sending it now, how many sends failed.</summary>
/// <remarks>
/// <para>A dispatcher claims a (channel, key) pair before sending, for a hold long enough to send; a second dispatcher holding
/// the same key meanwhile sees <see cref="DeliveryClaimStatus.InFlight"/>, and any dispatcher sees
/// <see cref="DeliveryClaimStatus.AlreadyDelivered"/> once it was delivered. After the send the key is marked delivered, its
/// failure recorded, or (when nothing was tried) released. A hold that runs out (the sender died) lets another dispatcher claim the key.</para>
/// <para>The failure count lives here rather than in the outbox so that postponements (throttling, an open circuit) never use
/// up attempts, whatever the outbox counts.</para>
/// <para>Several dispatcher processes need one shared store: the SQLite and PostgreSQL stores keep the ledger in a table keyed by
/// channel and key, and a claim there is atomic across processes (two dispatchers over one database send each key once).
/// <see cref="InMemoryDeliveryDeduplicationStore"/> serves one process.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface IDeliveryDeduplicationStore
{
    /// <summary>Claims a key on a channel for a while, unless it was delivered or someone else holds it.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's key.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="hold">How long the claim lasts without being marked or released.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>Whether the caller may send, and the failures so far.</returns>
    ValueTask<DeliveryClaim> TryClaimAsync(string channel, string idempotencyKey, Instant now, Duration hold, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed key delivered for good.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's key.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the key is recorded.</returns>
    ValueTask MarkDeliveredAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed send of a claimed key and releases the claim.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's key.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The number of failed sends, this one included.</returns>
    ValueTask<int> RecordFailureAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Releases a claimed key that was not sent after all (circuit open, cancelled), without counting a failure.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's key.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    ValueTask ReleaseAsync(string channel, string idempotencyKey, CancellationToken cancellationToken = default);
}
