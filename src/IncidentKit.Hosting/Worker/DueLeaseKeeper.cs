using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Keeps the leases of one sweep's claims alive while the worker acts on them: every third of the lease it renews each claim it
// has not finished (fenced by the claim's token, so a lease that lapsed or was taken over is never revived). A refused renewal
// means the item is lost: its token is cancelled, so the worker stops and writes nothing for it; the new holder does the work.
// Without renewal, an incident whose work (or whose wait behind the earlier claims of a large batch) outlasts the lease can be
// claimed by another worker while the first still acts, and both act on it.
internal sealed class DueLeaseKeeper : IAsyncDisposable
{
    private readonly IDueWorkStore _store;
    private readonly Duration _lease;
    private readonly string _worker;
    private readonly ILogger _logger;
    private readonly Dictionary<(TenantId, IncidentId), Entry> _entries = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    public DueLeaseKeeper(IDueWorkStore store, IReadOnlyList<ClaimedDueWork> claims, Duration lease, TimeProvider time, string worker, ILogger logger,
        CancellationToken cancellationToken)
    {
        _store = store;
        _lease = lease;
        _worker = worker;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var claim in claims)
        {
            _entries[(claim.Tenant, claim.Incident)] = new Entry(claim, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        }

        _loop = claims.Count == 0 ? Task.CompletedTask : RenewAsync(lease.ToTimeSpan() / 3, time);
    }

    // The token the work on a claim runs under: cancelled when the sweep stops or the claim's lease is lost.
    public CancellationToken TokenFor(ClaimedDueWork claim)
    {
        lock (_entries)
        {
            return _entries[(claim.Tenant, claim.Incident)].Lost.Token;
        }
    }

    public bool IsLost(ClaimedDueWork claim)
    {
        lock (_entries)
        {
            return _entries[(claim.Tenant, claim.Incident)].IsLost;
        }
    }

    // Stops renewing a claim: its work is done (completed, released or re-planned by the worker's own append).
    public void Finish(ClaimedDueWork claim)
    {
        lock (_entries)
        {
            _entries[(claim.Tenant, claim.Incident)].IsFinished = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        foreach (var entry in _entries.Values)
        {
            entry.Lost.Dispose();
        }
    }

    private async Task RenewAsync(TimeSpan every, TimeProvider time)
    {
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                List<Entry> open;
                lock (_entries)
                {
                    open = [.. _entries.Values.Where(e => !e.IsFinished && !e.IsLost)];
                }

                foreach (var entry in open)
                {
                    await RenewAsync(entry).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The sweep is over (or the worker stops): nothing left to keep.
        }
    }

    private async Task RenewAsync(Entry entry)
    {
        try
        {
            var renewed = await _store.RenewDueAsync(entry.Claim, _lease, _stop.Token).ConfigureAwait(false);
            lock (_entries)
            {
                if (renewed is not null)
                {
                    entry.Claim = renewed;
                    return;
                }

                if (entry.IsFinished)
                {
                    return;
                }

                entry.IsLost = true;
            }

            Log.LeaseLost(_logger, _worker, entry.Claim.Incident.ToString(), entry.Claim.Tenant.ToString());
            await entry.Lost.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed renewal is not a lost lease: the lease may still hold, and the next renewal tries again.
            Log.LeaseRenewalFailed(_logger, ex, _worker, entry.Claim.Incident.ToString(), entry.Claim.Tenant.ToString());
        }
    }

    private sealed class Entry(ClaimedDueWork claim, CancellationTokenSource lost)
    {
        public ClaimedDueWork Claim { get; set; } = claim;

        public CancellationTokenSource Lost { get; } = lost;

        public bool IsLost { get; set; }

        public bool IsFinished { get; set; }
    }
}
