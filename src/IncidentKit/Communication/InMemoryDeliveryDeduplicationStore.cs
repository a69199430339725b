using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Keeps the delivery ledger in memory for a retention period: for tests, samples and single-process hosts.</summary>
/// <remarks>Entries untouched for longer than <see cref="Retention"/> are forgotten (pruned at most hourly as deliveries are
/// marked), which bounds memory; an outbox row repeated after that long would be sent again.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryDeliveryDeduplicationStore : IDeliveryDeduplicationStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Channel, string Key), Entry> _entries = [];
    private Instant _lastPruned = Instant.MinValue;

    /// <summary>Initializes an empty store.</summary>
    /// <param name="retention">How long entries are remembered; <see langword="null"/> takes 7 days.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is not positive.</exception>
    public InMemoryDeliveryDeduplicationStore(Duration? retention = null)
    {
        Retention = retention ?? Duration.FromDays(7);
        if (Retention <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "Expected a positive retention.");
        }
    }

    /// <summary>Gets how long entries are remembered.</summary>
    public Duration Retention { get; }

    /// <summary>Gets the number of keys held (delivered, claimed or failed).</summary>
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
    public ValueTask<DeliveryClaim> TryClaimAsync(string channel, string idempotencyKey, Instant now, Duration hold, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        lock (_lock)
        {
            var entry = _entries.GetValueOrDefault((channel, idempotencyKey));
            if (entry.Delivered)
            {
                return ValueTask.FromResult(new DeliveryClaim(DeliveryClaimStatus.AlreadyDelivered, entry.Failures));
            }

            if (entry.HeldUntil > now)
            {
                return ValueTask.FromResult(new DeliveryClaim(DeliveryClaimStatus.InFlight, entry.Failures));
            }

            _entries[(channel, idempotencyKey)] = entry with { HeldUntil = now + hold, Touched = now };
            return ValueTask.FromResult(new DeliveryClaim(DeliveryClaimStatus.Claimed, entry.Failures));
        }
    }

    /// <inheritdoc/>
    public ValueTask MarkDeliveredAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        lock (_lock)
        {
            var entry = _entries.GetValueOrDefault((channel, idempotencyKey));
            _entries[(channel, idempotencyKey)] = entry with { Delivered = true, HeldUntil = Instant.MinValue, Touched = now };
            if (now - _lastPruned > Duration.FromHours(1))
            {
                // Pruning at most hourly keeps marking O(1) on average.
                _lastPruned = now;
                var cutoff = now - Retention;
                foreach (var stale in _entries.Where(e => e.Value.Touched < cutoff).Select(e => e.Key).ToList())
                {
                    _entries.Remove(stale);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<int> RecordFailureAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        lock (_lock)
        {
            var entry = _entries.GetValueOrDefault((channel, idempotencyKey));
            entry = entry with { Failures = entry.Failures + 1, HeldUntil = Instant.MinValue, Touched = now };
            _entries[(channel, idempotencyKey)] = entry;
            return ValueTask.FromResult(entry.Failures);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(string channel, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((channel, idempotencyKey), out var entry) && !entry.Delivered)
            {
                _entries[(channel, idempotencyKey)] = entry with { HeldUntil = Instant.MinValue };
            }
        }

        return ValueTask.CompletedTask;
    }

    // default(Entry) is a key never seen: not delivered, not held (the Unix epoch lies before any now), no failures.
    private readonly record struct Entry(bool Delivered, Instant HeldUntil, int Failures, Instant Touched);
}
