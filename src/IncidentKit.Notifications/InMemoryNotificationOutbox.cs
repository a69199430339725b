using Ardalis.GuardClauses;
using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Keeps an outbox in memory, with leases, postponement and dead letters: for tests, samples and single-process hosts.</summary>
/// <remarks>Nothing survives the process. A production host uses its store's outbox, adapted to <see cref="INotificationOutbox"/>.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryNotificationOutbox : INotificationOutbox
{
    private readonly Lock _lock = new();
    private readonly List<Row> _rows = [];
    private readonly List<(OutboxNotification Notification, string Reason)> _deadLetters = [];
    private long _nextId;

    /// <summary>Initializes an empty outbox.</summary>
    /// <param name="leaseDuration">How long a claim lasts before the row can be claimed again; <see langword="null"/> takes 5 minutes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseDuration"/> is not positive.</exception>
    public InMemoryNotificationOutbox(Duration? leaseDuration = null)
    {
        LeaseDuration = leaseDuration ?? Duration.FromMinutes(5);
        if (LeaseDuration <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "Expected a positive lease.");
        }
    }

    /// <summary>Gets how long a claim lasts.</summary>
    public Duration LeaseDuration { get; }

    /// <summary>Gets the number of rows not yet completed or abandoned.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>Returns the abandoned rows with the reason each was given up.</summary>
    /// <returns>A snapshot, oldest first.</returns>
    public IReadOnlyList<(OutboxNotification Notification, string Reason)> GetDeadLetters()
    {
        lock (_lock)
        {
            return [.. _deadLetters];
        }
    }

    /// <summary>Returns the earliest instant a pending row becomes claimable, e.g. to time the next dispatch.</summary>
    /// <returns>The instant, or <see langword="null"/> when the outbox is empty.</returns>
    public Instant? NextDueAt()
    {
        lock (_lock)
        {
            return _rows.Count == 0 ? null : _rows.Min(r => Instant.Max(r.NotBefore, r.LeasedUntil ?? Instant.MinValue));
        }
    }

    /// <summary>Adds a message; adding the same message twice keeps two rows, as an at-least-once writer may.</summary>
    /// <param name="message">The message.</param>
    /// <param name="notBefore">The earliest instant it may be claimed; <see langword="null"/> for at once.</param>
    /// <returns>The row's id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public string Enqueue(NotificationMessage message, Instant? notBefore = null)
    {
        Guard.Against.Null(message);
        lock (_lock)
        {
            var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rows.Add(new Row(id, message) { NotBefore = notBefore ?? Instant.MinValue });
            return id;
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxNotification>> ClaimAsync(int maxCount, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        lock (_lock)
        {
            var claimed = new List<OutboxNotification>();
            foreach (var row in _rows)
            {
                if (claimed.Count == maxCount)
                {
                    break;
                }

                if (row.NotBefore <= now && (row.LeasedUntil is null || row.LeasedUntil <= now))
                {
                    row.LeasedUntil = now + LeaseDuration;
                    row.Claims++;
                    claimed.Add(new OutboxNotification(row.Id, row.Message));
                }
            }

            return ValueTask.FromResult<IReadOnlyList<OutboxNotification>>(claimed);
        }
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(OutboxNotification notification, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(notification);
        lock (_lock)
        {
            _rows.RemoveAll(r => r.Id == notification.Id);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask RetryLaterAsync(OutboxNotification notification, Instant notBefore, string? reason, CancellationToken cancellationToken = default)
    {
        Update(notification, row =>
        {
            row.LeasedUntil = null;
            row.NotBefore = notBefore;
            row.LastError = reason ?? row.LastError;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AbandonAsync(OutboxNotification notification, string reason, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(notification);
        lock (_lock)
        {
            if (_rows.RemoveAll(r => r.Id == notification.Id) > 0)
            {
                _deadLetters.Add((notification, reason));
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Update(OutboxNotification notification, Action<Row> change)
    {
        Guard.Against.Null(notification);
        lock (_lock)
        {
            if (_rows.Find(r => r.Id == notification.Id) is { } row)
            {
                change(row);
            }
        }
    }

    private sealed class Row(string id, NotificationMessage message)
    {
        public string Id { get; } = id;

        public NotificationMessage Message { get; } = message;

        public Instant NotBefore { get; set; }

        public Instant? LeasedUntil { get; set; }

        public int Claims { get; set; }

        public string? LastError { get; set; }
    }
}
