using System.Collections.Concurrent;
using IncidentKit.Alerts;

namespace IncidentKit.AspNetCore.Alerts;

// Keeps integration keys found in the store for a short while, so that an alert storm does not pay a database read per request
// before its inbox write (it was a query per POST). Only keys that exist are kept: an unknown key asks the store every time, so
// a key saved on another node works at once and a flood of bad keys fills nothing. A key deleted or moved to another tenant or
// source straight in the store is honoured here within the cache duration (the same story as the personal API keys'
// ApiKeyCacheDuration); a duration of zero turns the cache off.
internal sealed class IntegrationKeyCache(IAlertStore store, TimeProvider time, TimeSpan duration)
{
    // Past this many cached keys the cache starts again empty rather than growing with every key ever presented.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);

    public async ValueTask<IntegrationKey?> FindOrNullAsync(string keyHash, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_byHash.TryGetValue(keyHash, out var cached) && time.GetElapsedTime(cached.At, now) < duration)
        {
            return cached.Key;
        }

        var found = await store.FindIntegrationKeyOrNullAsync(keyHash, cancellationToken).ConfigureAwait(false);
        if (found is null || duration <= TimeSpan.Zero)
        {
            _byHash.TryRemove(keyHash, out _);
            return found;
        }

        if (_byHash.Count >= MaxEntries)
        {
            _byHash.Clear();
        }

        _byHash[keyHash] = new Entry(found, now);
        return found;
    }

    private sealed record Entry(IntegrationKey Key, long At);
}
