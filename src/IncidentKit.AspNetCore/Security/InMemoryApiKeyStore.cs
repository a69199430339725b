using NodaTime;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Keeps API keys in memory: for tests and single-process demos.</summary>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly Lock _gate = new();
    private readonly List<ApiKeyRecord> _keys = [];

    /// <inheritdoc />
    public ValueTask<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_keys.Exists(k => k.Hash == key.Hash || k.Id == key.Id))
            {
                return ValueTask.FromResult(false);
            }

            _keys.Add(key);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_keys.Find(k => k.Hash == hash));
        }
    }

    /// <inheritdoc />
    public ValueTask<ApiKeyRecord?> FindAsync(TenantId tenant, string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_keys.Find(k => k.Tenant == tenant && k.Id == id));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<ApiKeyRecord>>([.. _keys.Where(k => k.Tenant == tenant)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RevokeAsync(TenantId tenant, string id, Instant at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var i = _keys.FindIndex(k => k.Tenant == tenant && k.Id == id);
            if (i < 0)
            {
                return ValueTask.FromResult(false);
            }

            _keys[i] = _keys[i] with { RevokedAt = _keys[i].RevokedAt ?? at };
            return ValueTask.FromResult(true);
        }
    }
}
