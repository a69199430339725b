using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Keeps throttling windows in memory: for tests, samples and single-process hosts.</summary>
/// <remarks>Windows that ended are pruned as new ones are taken; nothing survives the process, and dispatchers in other
/// processes do not see these windows (use a SQL store's throttle for several nodes).</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryNotificationThrottleStore : INotificationThrottleStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(TenantId, string, string), (Instant Start, Instant End)> _windows = [];
    private Instant _lastPruned = Instant.MinValue;

    /// <summary>Gets the number of windows held, ended ones not yet pruned included.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<Instant?> TryBeginAsync(TenantId tenant, string channel, string recipients, Instant now, Duration window, CancellationToken cancellationToken = default)
    {
        ThrottleContract.Check(tenant, channel, recipients, window);
        lock (_lock)
        {
            Prune(now);
            if (_windows.TryGetValue((tenant, channel, recipients), out var held) && held.End > now)
            {
                return ValueTask.FromResult<Instant?>(held.End);
            }

            _windows[(tenant, channel, recipients)] = (now, now + window);
            return ValueTask.FromResult<Instant?>(null);
        }
    }

    /// <inheritdoc/>
    public ValueTask RecordSentAsync(TenantId tenant, string channel, string recipients, Instant sentAt, Duration window, CancellationToken cancellationToken = default)
    {
        ThrottleContract.Check(tenant, channel, recipients, window);
        lock (_lock)
        {
            _windows[(tenant, channel, recipients)] = (sentAt, sentAt + window);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(TenantId tenant, string channel, string recipients, Instant begunAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_windows.TryGetValue((tenant, channel, recipients), out var held) && held.Start == begunAt)
            {
                _windows.Remove((tenant, channel, recipients));
            }
        }

        return ValueTask.CompletedTask;
    }

    // At most once a minute, so that taking a window stays O(1) on average.
    private void Prune(Instant now)
    {
        if (now - _lastPruned < Duration.FromMinutes(1))
        {
            return;
        }

        _lastPruned = now;
        foreach (var ended in _windows.Where(w => w.Value.End <= now).Select(w => w.Key).ToList())
        {
            _windows.Remove(ended);
        }
    }
}
