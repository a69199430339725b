namespace IncidentKit.Incidents;

// One queue per incident for the writers of one IncidentService: a writer waits for its turn, runs its decision and append,
// and hands over to the next (SemaphoreSlim releases async waiters first come, first served). Entries live only while someone
// holds or waits for a turn, so the map stays as small as the number of incidents being written right now.
internal sealed class IncidentTurns
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(TenantId Tenant, IncidentId Incident), Entry> _entries = [];

    public async ValueTask<Turn> TakeAsync((TenantId Tenant, IncidentId Incident) key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                _entries[key] = entry = new Entry();
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }

        return new Turn(this, key, entry);
    }

    private void Leave((TenantId Tenant, IncidentId Incident) key, Entry entry)
    {
        lock (_lock)
        {
            if (--entry.Users == 0)
            {
                // Nobody holds or waits for a turn any more, so nobody can touch the gate again.
                _entries.Remove(key);
                entry.Dispose();
            }
        }
    }

    internal readonly struct Turn(IncidentTurns owner, (TenantId Tenant, IncidentId Incident) key, Entry entry) : IDisposable
    {
        public void Dispose()
        {
            entry.Gate.Release();
            owner.Leave(key, entry);
        }
    }

    internal sealed class Entry : IDisposable
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }

        public void Dispose() => Gate.Dispose();
    }
}
