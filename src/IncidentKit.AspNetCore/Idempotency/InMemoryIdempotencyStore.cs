using NodaTime;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers idempotency keys in memory: for tests and single-process demos (nothing survives a restart).</summary>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(TenantId, string), (string Hash, Instant At, IdempotentResponse? Response)> _entries = [];

    /// <inheritdoc />
    public ValueTask<IdempotencyClaim> TryBeginAsync(TenantId tenant, string key, string requestHash, Instant at, Duration staleAfter, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((tenant, key), out var e))
            {
                if (e.Response is not null)
                {
                    return ValueTask.FromResult(new IdempotencyClaim(IdempotencyOutcome.Completed, e.Hash, e.Response));
                }

                if (at - e.At < staleAfter)
                {
                    return ValueTask.FromResult(new IdempotencyClaim(IdempotencyOutcome.InProgress, e.Hash, null));
                }
            }

            _entries[(tenant, key)] = (requestHash, at, null);
            return ValueTask.FromResult(new IdempotencyClaim(IdempotencyOutcome.Begun, requestHash, null));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(TenantId tenant, string key, IdempotentResponse response, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((tenant, key), out var e))
            {
                _entries[(tenant, key)] = e with { Response = response };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask AbandonAsync(TenantId tenant, string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((tenant, key), out var e) && e.Response is null)
            {
                _entries.Remove((tenant, key));
            }
        }

        return ValueTask.CompletedTask;
    }
}
