using System.Text.Json;
using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Adapts a store's outbox (<see cref="IOutboxStore"/>) to the dispatcher's <see cref="INotificationOutbox"/>: claims the
/// rows of kind <see cref="NotificationOutboxPlanner.MessageKind"/> under the store's leases and settles them there.</summary>
/// <remarks>
/// <para>Completing a row removes it (<see cref="IOutboxStore.CompleteOutboxAsync"/>); retrying later and postponing record the
/// attempt and its next due instant (<see cref="IOutboxStore.FailOutboxAsync"/>). Settling a row whose lease has lapsed (another
/// dispatcher took it over) changes nothing: that dispatcher settles it, and its deduplication keeps the key from going out twice.</para>
/// <para>An abandoned row, or one whose payload cannot be read, becomes a dead letter when the store keeps them
/// (<see cref="IOutboxDeadLetterStore"/>, as the stores that ship do): it leaves the outbox with its reason, shows in the health
/// check's dead-letter count, and <see cref="IOutboxDeadLetterStore.RequeueDeadLetterAsync"/> puts it back. Over a store without
/// dead letters it is put back <see cref="DeadLetterDelay"/> into the future with the reason instead: it stays listed by
/// <see cref="IOutboxStore.ListOutboxAsync"/> (and in the health check's outbox lag) and is never claimed again in practice.</para>
/// <para>Rows of other kinds belong to other dispatchers: when a claim takes one, it is put back, unchanged, one lease duration
/// into the future, so a claim's next pass reaches the rows behind it.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe if its store is, and safe across processes sharing one database.</threadsafety>
public sealed class StoreNotificationOutbox : INotificationOutbox
{
    /// <summary>How far into the future an abandoned row is put back over a store without dead letters: about a hundred years.</summary>
    public static readonly Duration DeadLetterDelay = Duration.FromDays(36_500);

    private readonly IOutboxStore _store;

    /// <summary>Initializes the adapter.</summary>
    /// <param name="store">The store's outbox.</param>
    /// <param name="owner">The name claims are made under (1 to 200 characters), e.g. the host's dispatcher name.</param>
    /// <param name="leaseDuration">How long a claim is exclusive: 1 second to 1 day; keep it longer than a dispatch pass.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="owner"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="owner"/> is blank or longer than 200 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseDuration"/> is outside 1 second to 1 day.</exception>
    public StoreNotificationOutbox(IOutboxStore store, string owner, Duration leaseDuration)
    {
        _store = Guard.Against.Null(store);
        Owner = Guard.Against.NullOrWhiteSpace(owner);
        Guard.Against.OutOfRange(owner.Length, nameof(owner), 1, 200, "An owner name has 1 to 200 characters.");
        if (leaseDuration < Duration.FromSeconds(1) || leaseDuration > Duration.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "Expected a lease of 1 second to 1 day.");
        }

        LeaseDuration = leaseDuration;
    }

    /// <summary>Gets the name claims are made under.</summary>
    public string Owner { get; }

    /// <summary>Gets how long a claim is exclusive.</summary>
    public Duration LeaseDuration { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is not positive.</exception>
    /// <remarks>The store's clock decides what is due; <paramref name="now"/> only times the put-back of foreign and unreadable rows.</remarks>
    public async ValueTask<IReadOnlyList<OutboxNotification>> ClaimAsync(int maxCount, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        var claims = await _store.ClaimOutboxAsync(Owner, LeaseDuration, Math.Min(maxCount, 1000), cancellationToken).ConfigureAwait(false);
        var result = new List<OutboxNotification>(claims.Count);
        foreach (var claim in claims)
        {
            if (!string.Equals(claim.Message.Kind, NotificationOutboxPlanner.MessageKind, StringComparison.Ordinal))
            {
                await _store.FailOutboxAsync(claim, now + LeaseDuration, claim.LastError, cancellationToken).ConfigureAwait(false);
                continue;
            }

            NotificationMessage message;
            try
            {
                message = NotificationMessageSerializer.Deserialize(claim.Message.Payload);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
            {
                await GiveUpAsync(claim, now + DeadLetterDelay, $"unreadable notification payload: {ex.Message}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            result.Add(new OutboxNotification(claim.Message.Id.ToString("D"), message, claim));
        }

        return result;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="notification"/> was not claimed through this adapter.</exception>
    public async ValueTask CompleteAsync(OutboxNotification notification, CancellationToken cancellationToken = default) =>
        await _store.CompleteOutboxAsync(ClaimOf(notification), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="notification"/> was not claimed through this adapter.</exception>
    public async ValueTask RetryLaterAsync(OutboxNotification notification, Instant notBefore, string? reason, CancellationToken cancellationToken = default) =>
        await _store.FailOutboxAsync(ClaimOf(notification), notBefore, reason, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="notification"/> was not claimed through this adapter.</exception>
    public async ValueTask AbandonAsync(OutboxNotification notification, string reason, CancellationToken cancellationToken = default)
    {
        var claim = ClaimOf(notification);
        await GiveUpAsync(claim, claim.Message.CreatedAt + DeadLetterDelay, $"abandoned: {reason}", cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask GiveUpAsync(ClaimedOutboxMessage claim, Instant farAway, string reason, CancellationToken cancellationToken)
    {
        if (_store is IOutboxDeadLetterStore deadLetters)
        {
            await deadLetters.DeadLetterOutboxAsync(claim, reason, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _store.FailOutboxAsync(claim, farAway, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ClaimedOutboxMessage ClaimOf(OutboxNotification notification)
    {
        Guard.Against.Null(notification);
        return notification.Lease as ClaimedOutboxMessage
            ?? throw new ArgumentException("Expected a notification claimed through a StoreNotificationOutbox.", nameof(notification));
    }
}
