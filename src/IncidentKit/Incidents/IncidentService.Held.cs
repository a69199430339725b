using System.Collections.Concurrent;

namespace IncidentKit.Incidents;

// Keeps the incidents this service last committed, so that the next command on one reads only the events appended since
// (usually none) instead of the whole stream. Correct with other writers (other services, processes, nodes): every command
// catches the held copy up from the store before deciding, and the append is still checked against the stored version.
public sealed partial class IncidentService
{
    // Past this many held incidents the cache starts again empty rather than growing with every incident ever touched.
    private const int MaxHeld = 10_000;

    private readonly ConcurrentDictionary<(TenantId Tenant, IncidentId Id), Incident> _held = new();

    // The held copy caught up with the store, or the whole stream when none is held; null when the tenant has no such incident.
    private async Task<Incident?> HeldOrLoadAsync(TenantId tenant, IncidentId id, CancellationToken cancellationToken)
    {
        if (!_held.TryGetValue((tenant, id), out var kept))
        {
            return await FindOrNullAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        }

        // A private copy: the kept one is never changed after it was kept, so readers racing here each fold their own.
        var held = kept.Copy();
        try
        {
            return await CatchUpAsync(held, cancellationToken).ConfigureAwait(false);
        }
        catch (IncidentNotFoundException)
        {
            _held.TryRemove((tenant, id), out _);
            return null;
        }
    }

    private void Hold(Incident committed)
    {
        if (_held.Count >= MaxHeld)
        {
            _held.Clear();
        }

        _held[(committed.Tenant, committed.Id)] = committed.Copy();
    }
}
