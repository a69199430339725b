using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Hands out pending notifications under a lease and takes back the dispatcher's verdict on each.</summary>
/// <remarks>
/// <para>The port the <see cref="NotificationDispatcher"/> reads, at least once: a row claimed but never completed (the
/// process died) becomes claimable again when its lease runs out. A store's outbox adapts to it (claim / complete / fail
/// under leases); <see cref="InMemoryNotificationOutbox"/> serves tests and samples.</para>
/// <para><see cref="RetryLaterAsync"/> puts a row back until an instant: after a failed send (with the reason), or postponed
/// by throttling or an open circuit (without one). Attempts are counted by the dispatcher's <see cref="IDeliveryDeduplicationStore"/>,
/// not here, so an outbox that counts claims needs no extra column. <see cref="AbandonAsync"/> gives the row up; keep it as a
/// dead letter (an adapter over a store without dead letters can retry it far in the future with the reason).</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads and processes at once.</threadsafety>
public interface INotificationOutbox
{
    /// <summary>Claims up to <paramref name="maxCount"/> rows that are due and not leased, oldest first.</summary>
    /// <param name="maxCount">The largest number of rows to claim.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">The token to cancel the claim.</param>
    /// <returns>The claimed rows; empty when nothing is due.</returns>
    ValueTask<IReadOnlyList<OutboxNotification>> ClaimAsync(int maxCount, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Removes a row whose message was delivered (or found to be a duplicate).</summary>
    /// <param name="notification">The claimed row.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the row is removed.</returns>
    ValueTask CompleteAsync(OutboxNotification notification, CancellationToken cancellationToken = default);

    /// <summary>Puts a row back until <paramref name="notBefore"/>.</summary>
    /// <param name="notification">The claimed row.</param>
    /// <param name="notBefore">The earliest instant it may be claimed again.</param>
    /// <param name="reason">Why a send failed, or <see langword="null"/> when the row was only postponed.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the row is released.</returns>
    ValueTask RetryLaterAsync(OutboxNotification notification, Instant notBefore, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Gives a row up for good: it will not be claimed again.</summary>
    /// <param name="notification">The claimed row.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the row is given up.</returns>
    ValueTask AbandonAsync(OutboxNotification notification, string reason, CancellationToken cancellationToken = default);
}
