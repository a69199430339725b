using System.Collections.Concurrent;
using NodaTime;

namespace IncidentKit.AspNetCore.Security;

// Keeps keys found in a durable store for a short while, so that authenticating a request does not cost a database round
// trip every time (it was about a tenth of a list request's CPU). Revocation stays prompt: a revoke through this process
// drops the key at once; a revoke on another node (or straight in the database) takes effect here within the cache
// duration. Unknown keys are never cached, so a key created on another node works at once.
internal sealed class CachingApiKeyStore(IApiKeyStore inner, TimeProvider time, TimeSpan duration) : IApiKeyStore
{
    // Past this many cached keys the cache starts again empty rather than growing with every key ever presented.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(TenantId Tenant, string Id), Entry> _byId = new();

    public IApiKeyStore Inner => inner;

    public ValueTask<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) => inner.AddAsync(key, cancellationToken);

    public async ValueTask<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var now = time.GetTimestamp();
        if (_byHash.TryGetValue(hash, out var cached) && cached.IsFresh(now, time))
        {
            return cached.Record;
        }

        var found = await inner.FindByHashAsync(hash, cancellationToken).ConfigureAwait(false);
        Remember(_byHash, hash, found, now);
        return found;
    }

    public async ValueTask<ApiKeyRecord?> FindAsync(TenantId tenant, string id, CancellationToken cancellationToken = default)
    {
        var now = time.GetTimestamp();
        if (id is not null && _byId.TryGetValue((tenant, id), out var cached) && cached.IsFresh(now, time))
        {
            return cached.Record;
        }

        var found = await inner.FindAsync(tenant, id!, cancellationToken).ConfigureAwait(false);
        if (id is not null)
        {
            Remember(_byId, (tenant, id), found, now);
        }

        return found;
    }

    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default) => inner.ListAsync(tenant, cancellationToken);

    public async ValueTask<bool> RevokeAsync(TenantId tenant, string id, Instant at, CancellationToken cancellationToken = default)
    {
        // Forget first and again after: a request racing the revoke may have cached the key in between.
        Forget(tenant, id);
        var revoked = await inner.RevokeAsync(tenant, id, at, cancellationToken).ConfigureAwait(false);
        Forget(tenant, id);
        return revoked;
    }

    private void Forget(TenantId tenant, string id)
    {
        _byId.TryRemove((tenant, id), out _);
        foreach (var (hash, entry) in _byHash)
        {
            if (entry.Record is { } r && r.Tenant == tenant && string.Equals(r.Id, id, StringComparison.Ordinal))
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }

    private void Remember<TKey>(ConcurrentDictionary<TKey, Entry> cache, TKey key, ApiKeyRecord? found, long now)
        where TKey : notnull
    {
        if (found is null || duration <= TimeSpan.Zero)
        {
            cache.TryRemove(key, out _);
            return;
        }

        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }

        cache[key] = new Entry(found, now, duration);
    }

    private sealed record Entry(ApiKeyRecord Record, long At, TimeSpan Duration)
    {
        public bool IsFresh(long now, TimeProvider time) => time.GetElapsedTime(At, now) < Duration;
    }
}
