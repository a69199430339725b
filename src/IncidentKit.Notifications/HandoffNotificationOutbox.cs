using IncidentKit.Hosting;
using NodaTime;

namespace IncidentKit.Notifications;

// The dispatcher's outbox in a host: the store's outbox, plus the handoff notices of on-call changes made in this process
// (queued by OnCallAdjustments, kept in memory with the same leases, retries and dead letters). Each row is settled by the
// outbox that handed it out.
internal sealed class HandoffNotificationOutbox(INotificationOutbox store, OnCallHandoffQueue handoffs) : INotificationOutbox
{
    private readonly InMemoryNotificationOutbox _handoffs = new();

    public async ValueTask<IReadOnlyList<OutboxNotification>> ClaimAsync(int maxCount, Instant now, CancellationToken cancellationToken = default)
    {
        foreach (var message in handoffs.Drain())
        {
            _handoffs.Enqueue(message, message.CreatedAt);
        }

        var claimed = new List<OutboxNotification>(await _handoffs.ClaimAsync(maxCount, now, cancellationToken).ConfigureAwait(false));
        if (claimed.Count < maxCount)
        {
            claimed.AddRange(await store.ClaimAsync(maxCount - claimed.Count, now, cancellationToken).ConfigureAwait(false));
        }

        return claimed;
    }

    public ValueTask CompleteAsync(OutboxNotification notification, CancellationToken cancellationToken = default) =>
        Owner(notification).CompleteAsync(notification, cancellationToken);

    public ValueTask RetryLaterAsync(OutboxNotification notification, Instant notBefore, string? reason, CancellationToken cancellationToken = default) =>
        Owner(notification).RetryLaterAsync(notification, notBefore, reason, cancellationToken);

    public ValueTask AbandonAsync(OutboxNotification notification, string reason, CancellationToken cancellationToken = default) =>
        Owner(notification).AbandonAsync(notification, reason, cancellationToken);

    private INotificationOutbox Owner(OutboxNotification notification) =>
        notification?.Lease is IncidentKit.Storage.ClaimedOutboxMessage ? store : _handoffs;
}
