using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Remembers which idempotency keys each channel has delivered, so that a repeated outbox row is not sent twice.</summary>
/// <remarks>
/// <para>A dispatcher claims a (channel, key) pair before sending, for a hold long enough to send; a second dispatcher holding
/// the same key meanwhile sees <see cref="DeduplicationClaim.InFlight"/>. After the send the key is marked delivered, or released
/// on failure. A hold that runs out (the sender died) lets another dispatcher claim the key.</para>
/// <para>Several dispatcher processes need one shared store (a table with a unique key). <see cref="InMemoryDeliveryDeduplicationStore"/> serves one process.</para>
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
    /// <returns>Whether the caller may send.</returns>
    ValueTask<DeduplicationClaim> TryClaimAsync(string channel, string idempotencyKey, Instant now, Duration hold, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed key delivered for good.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's key.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the key is recorded.</returns>
    ValueTask MarkDeliveredAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Releases a claimed key after a failed send, so that it can be claimed again.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's key.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    ValueTask ReleaseAsync(string channel, string idempotencyKey, CancellationToken cancellationToken = default);
}
