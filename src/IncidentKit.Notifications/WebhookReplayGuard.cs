using Ardalis.GuardClauses;

namespace IncidentKit.Notifications;

/// <summary>Remembers the idempotency keys of accepted webhooks for as long as <see cref="WebhookSignature.Verify"/> would still
/// call them fresh, so that a receiver processes each once: a replay inside the tolerance window, or a re-send after a crash,
/// is recognised.</summary>
/// <remarks>
/// <para>Use it after <see cref="WebhookSignature.Verify"/> has accepted the request, with the same tolerance, and with the
/// body's signed <c>idempotencyKey</c> field (the <c>Idempotency-Key</c> header is not signed). A key is remembered for twice
/// the tolerance from when it was first accepted: a request signed up to one tolerance in the future stays fresh that long.
/// Expired keys are forgotten as new ones arrive. Answer a repeated key with 2xx so that the sender stops.</para>
/// <para>Memory is bounded by the capacity given to the constructor (keys): when it is full, the oldest key is forgotten first. Only
/// verified requests reach the guard, so the bound is about the sender's own rate, not an attacker's.</para>
/// <para>One instance serves one process; several receiver instances behind a load balancer need a shared store of keys.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class WebhookReplayGuard
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _remember;

    /// <summary>Initializes a guard.</summary>
    /// <param name="tolerance">The tolerance given to <see cref="WebhookSignature.Verify"/>: more than zero up to
    /// <see cref="WebhookSignature.MaxTolerance"/>.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> takes <see cref="TimeProvider.System"/>.</param>
    /// <param name="capacity">The most keys remembered at once, 1 to 10 000 000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> or <paramref name="capacity"/> is out of range.</exception>
    public WebhookReplayGuard(TimeSpan tolerance, TimeProvider? timeProvider = null, int capacity = 100_000)
    {
        WebhookSignature.CheckTolerance(tolerance);
        if (tolerance <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Expected a tolerance longer than zero.");
        }

        _capacity = Guard.Against.OutOfRange(capacity, nameof(capacity), 1, 10_000_000);
        _time = timeProvider ?? TimeProvider.System;
        _remember = tolerance * 2;
    }

    /// <summary>Gets how many keys are remembered now (expired ones are forgotten first).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                Forget(_time.GetUtcNow());
                return _expiries.Count;
            }
        }
    }

    /// <summary>Accepts a verified request's idempotency key the first time it is seen within the window.</summary>
    /// <param name="idempotencyKey">The body's signed <c>idempotencyKey</c>.</param>
    /// <returns><see langword="true"/> to process the request; <see langword="false"/> when the key was accepted within the window
    /// (a replay or a re-send: answer 2xx and do nothing).</returns>
    /// <exception cref="ArgumentException"><paramref name="idempotencyKey"/> is null or empty.</exception>
    public bool TryAccept(string idempotencyKey)
    {
        Guard.Against.NullOrEmpty(idempotencyKey);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Forget(now);
            if (_expiries.TryGetValue(idempotencyKey, out var expires) && expires > now)
            {
                return false;
            }

            while (_expiries.Count >= _capacity && _order.TryDequeue(out var oldest))
            {
                // A key accepted again after it expired has an older entry in the queue too; only its latest one counts.
                if (_expiries.TryGetValue(oldest.Key, out var latest) && latest == oldest.Expires)
                {
                    _expiries.Remove(oldest.Key);
                }
            }

            _expiries[idempotencyKey] = now + _remember;
            _order.Enqueue((idempotencyKey, now + _remember));
            return true;
        }
    }

    // Keys enter in time order, so expired ones are at the front of the queue.
    private void Forget(DateTimeOffset now)
    {
        while (_order.TryPeek(out var first) && first.Expires <= now)
        {
            _order.Dequeue();
            if (_expiries.TryGetValue(first.Key, out var expires) && expires == first.Expires)
            {
                _expiries.Remove(first.Key);
            }
        }
    }
}
