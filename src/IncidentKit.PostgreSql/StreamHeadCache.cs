using System.Collections.Concurrent;
using IncidentKit.Incidents;

namespace IncidentKit.PostgreSql;

// The hash of each stream's last event, as this process last appended or read it, so that an append can link its events without
// reading the head first. Correct across nodes without invalidation: an entry is used only for a change whose expected version is
// the entry's version, the stored event at a version never changes, and the append is conditional on the stream still being at
// that version; an incident another node moved on simply misses. Bounded: past its capacity it starts again empty.
internal sealed class StreamHeadCache(int capacity = 20_000)
{
    private readonly ConcurrentDictionary<(TenantId Tenant, IncidentId Incident), Head> _heads = new();

    public int Count => _heads.Count;

    public byte[]? Find(TenantId tenant, IncidentId incident, long version) =>
        _heads.TryGetValue((tenant, incident), out var head) && head.Version == version ? head.Hash : null;

    public void Remember(TenantId tenant, IncidentId incident, long version, byte[] hash)
    {
        if (_heads.Count >= capacity)
        {
            _heads.Clear();
        }

        _heads[(tenant, incident)] = new Head(version, hash);
    }

    private sealed record Head(long Version, byte[] Hash);
}
