using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Keeps incidents, their due work and the outbox in memory, under one lock, so an append and its due work change together.
// Every append made through the store (a user's command) makes the incident due at once: the automations then work out
// what the change means for its timers. Nothing survives the process.
internal sealed class InMemoryDueWorkStore : IIncidentStore, IDueWorkStore
{
    private readonly Lock _lock = new();
    private readonly InMemoryIncidentStore _incidents = new();
    private readonly Dictionary<(TenantId Tenant, IncidentId Incident), Due> _due = [];
    private readonly List<(OutboxEntry Entry, Instant WrittenAt)> _outbox = [];
    private long _nextToken;

    public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
        _incidents.ReadAsync(tenant, incident, fromVersion, cancellationToken);

    public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
        _incidents.ListAsync(tenant, query, cancellationToken);

    public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            // The in-memory incident store completes synchronously; holding the lock keeps the append and the schedule atomic.
            var result = _incidents.AppendAsync(change, cancellationToken).AsTask().GetAwaiter().GetResult();
            if (!result.WasDuplicate)
            {
                Schedule(change.Tenant, change.Incident, change.Events[^1].At);
            }

            return ValueTask.FromResult(result);
        }
    }

    public ValueTask<IReadOnlyList<DueWorkClaim>> ClaimDueAsync(string worker, Instant now, Duration lease, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var claims = _due
                .Where(d => d.Value.DueAt <= now && (d.Value.LeaseExpiresAt is null || d.Value.LeaseExpiresAt <= now))
                .OrderBy(d => d.Value.DueAt)
                .Take(max)
                .ToList()
                .Select(d =>
                {
                    var token = ++_nextToken;
                    _due[d.Key] = d.Value with { Token = token, LeaseExpiresAt = now + lease };
                    return new DueWorkClaim(d.Key.Tenant, d.Key.Incident, d.Value.DueAt, worker, token, now + lease);
                })
                .ToList();
            return ValueTask.FromResult<IReadOnlyList<DueWorkClaim>>(claims);
        }
    }

    public ValueTask<bool> CompleteAsync(DueWorkClaim claim, IncidentChange? change, IReadOnlyList<OutboxEntry> outbox, Instant? nextDueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (claim.Tenant, claim.Incident);
            if (!_due.TryGetValue(key, out var due) || due.Token != claim.Token)
            {
                return ValueTask.FromResult(false);
            }

            if (change is not null)
            {
                _incidents.AppendAsync(change, cancellationToken).AsTask().GetAwaiter().GetResult();
            }

            var writtenAt = change?.Events[^1].At ?? claim.DueAt;
            _outbox.AddRange(outbox.Select(e => (e, writtenAt)));
            if (nextDueAt is { } next)
            {
                _due[key] = new Due(next, Token: 0, LeaseExpiresAt: null);
            }
            else
            {
                _due.Remove(key);
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<Instant?> OldestUndeliveredAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_outbox.Count == 0 ? (Instant?)null : _outbox.Min(o => o.WrittenAt));
        }
    }

    // For tests and for an in-process dispatcher: takes every undelivered entry out of the outbox.
    public IReadOnlyList<OutboxEntry> DrainOutbox()
    {
        lock (_lock)
        {
            var entries = _outbox.Select(o => o.Entry).ToList();
            _outbox.Clear();
            return entries;
        }
    }

    public IReadOnlyList<OutboxEntry> PeekOutbox()
    {
        lock (_lock)
        {
            return [.. _outbox.Select(o => o.Entry)];
        }
    }

    public Instant? DueAtOrNull(TenantId tenant, IncidentId incident)
    {
        lock (_lock)
        {
            return _due.TryGetValue((tenant, incident), out var due) ? due.DueAt : null;
        }
    }

    private void Schedule(TenantId tenant, IncidentId incident, Instant dueAt)
    {
        // An earlier due instant wins. A worker holding a lease read the state before this change, so its completion must
        // not set the next due instant: the token moves on (fencing it out) and the lease is freed for an immediate claim.
        if (_due.TryGetValue((tenant, incident), out var due))
        {
            _due[(tenant, incident)] = new Due(Instant.Min(due.DueAt, dueAt), ++_nextToken, null);
        }
        else
        {
            _due[(tenant, incident)] = new Due(dueAt, 0, null);
        }
    }

    private readonly record struct Due(Instant DueAt, long Token, Instant? LeaseExpiresAt);
}
