using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Keeps delivered idempotency keys in memory for a retention period: for tests, samples and single-process hosts.</summary>
/// <remarks>Delivered keys older than <see cref="Retention"/> are forgotten (pruned as new deliveries are marked), which bounds
/// memory; an outbox row repeated after that long would be sent again.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryDeliveryDeduplicationStore : IDeliveryDeduplicationStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Channel, string Key), Entry> _entries = [];
    private Instant _lastPruned = Instant.MinValue;

    /// <summary>Initializes an empty store.</summary>
    /// <param name="retention">How long delivered keys are remembered; <see langword="null"/> takes 7 days.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is not positive.</exception>
    public InMemoryDeliveryDeduplicationStore(Duration? retention = null)
    {
        Retention = retention ?? Duration.FromDays(7);
        if (Retention <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "Expected a positive retention.");
        }
    }

    /// <summary>Gets how long delivered keys are remembered.</summary>
    public Duration Retention { get; }

    /// <summary>Gets the number of keys held (delivered or claimed).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<DeduplicationClaim> TryClaimAsync(string channel, string idempotencyKey, Instant now, Duration hold, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        lock (_lock)
        {
            if (_entries.TryGetValue((channel, idempotencyKey), out var entry))
            {
                if (entry.DeliveredAt is not null)
                {
                    return ValueTask.FromResult(DeduplicationClaim.AlreadyDelivered);
                }

                if (entry.HeldUntil > now)
                {
                    return ValueTask.FromResult(DeduplicationClaim.InFlight);
                }
            }

            _entries[(channel, idempotencyKey)] = new Entry(now + hold, null);
            return ValueTask.FromResult(DeduplicationClaim.Claimed);
        }
    }

    /// <inheritdoc/>
    public ValueTask MarkDeliveredAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        lock (_lock)
        {
            _entries[(channel, idempotencyKey)] = new Entry(now, now);
            if (now - _lastPruned > Duration.FromHours(1))
            {
                // Pruning at most hourly keeps marking O(1) on average.
                _lastPruned = now;
                var cutoff = now - Retention;
                foreach (var stale in _entries.Where(e => e.Value.DeliveredAt < cutoff).Select(e => e.Key).ToList())
                {
                    _entries.Remove(stale);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(string channel, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((channel, idempotencyKey), out var entry) && entry.DeliveredAt is null)
            {
                _entries.Remove((channel, idempotencyKey));
            }
        }

        return ValueTask.CompletedTask;
    }

    private readonly record struct Entry(Instant HeldUntil, Instant? DeliveredAt);
}
