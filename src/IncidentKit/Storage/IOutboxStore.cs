using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Hands out outbox messages to dispatchers under leases, with retries: each message to one dispatcher at a time.</summary>
/// <remarks>
/// <para>Messages are written with the events that cause them (<see cref="IncidentChange.Outbox"/>), so a notification exists
/// exactly when its cause was stored. A claim takes messages whose next attempt has come and that nobody holds (or whose lease
/// expired), across all tenants; every message carries its tenant. Listing is per tenant.</para>
/// <para>Implementations are thread-safe and safe across processes or nodes sharing one database.</para>
/// </remarks>
public interface IOutboxStore
{
    /// <summary>Lists a tenant's undelivered messages, oldest first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="maxItems">The most messages to return, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is outside 1 to 1000.</exception>
    ValueTask<IReadOnlyList<OutboxMessage>> ListOutboxAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxItems"/> messages that are due for an attempt and that nobody holds, oldest first.</summary>
    /// <param name="owner">The claiming dispatcher's name (1 to 200 characters).</param>
    /// <param name="leaseDuration">How long the claim is exclusive: 1 second to 1 day.</param>
    /// <param name="maxItems">The most messages to claim, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the claim.</param>
    /// <returns>The claimed messages; empty when nothing is due.</returns>
    /// <exception cref="ArgumentException">An argument is outside its range.</exception>
    ValueTask<IReadOnlyList<ClaimedOutboxMessage>> ClaimOutboxAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Removes a delivered message, if the lease still holds.</summary>
    /// <param name="claim">The message as claimed.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when removed; <see langword="false"/> when the lease had lapsed or been replaced, or the claim names another tenant than the stored message's.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    ValueTask<bool> CompleteOutboxAsync(ClaimedOutboxMessage claim, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery and schedules the next attempt, if the lease still holds.</summary>
    /// <param name="claim">The message as claimed.</param>
    /// <param name="retryAt">When the message may be claimed again.</param>
    /// <param name="reason">What went wrong (kept, cut to 2 000 characters), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the lease had lapsed or been replaced, or the claim names another tenant than the stored message's.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    ValueTask<bool> FailOutboxAsync(ClaimedOutboxMessage claim, Instant retryAt, string? reason, CancellationToken cancellationToken = default);
}
