using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Keeps incident streams, due work and the outbox in memory: for tests, demos and single-process tools that need no durability.</summary>
/// <remarks>Honours the whole store contract (optimistic concurrency, atomic changes, idempotent repeats, leases fenced by
/// token, tenant isolation) under one lock; nothing survives the process. Lease expiry is measured with the
/// <see cref="IClock"/> given to the constructor.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed partial class InMemoryIncidentStore : IIncidentStore, IDueWorkStore, IOutboxStore, IIncidentTimelineVerifier, Alerts.IAlertStore
{
    private readonly Lock _lock = new();
    private readonly IClock? _clock;
    private readonly Dictionary<(TenantId Tenant, IncidentId Incident), Stream> _streams = [];
    private readonly HashSet<Guid> _eventIds = [];
    private readonly Dictionary<Guid, OutboxEntry> _outbox = [];
    private long _lastToken;

    /// <summary>Initializes an empty store without a clock: streams only.</summary>
    /// <remarks>Claims of due work and outbox messages need a clock; use <see cref="InMemoryIncidentStore(IClock)"/> for them.</remarks>
    public InMemoryIncidentStore()
    {
    }

    /// <summary>Initializes an empty store whose leases are measured with a clock.</summary>
    /// <param name="clock">The clock that decides when work is due and when leases expire.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public InMemoryIncidentStore(IClock clock) => _clock = Guard.Against.Null(clock);

    /// <inheritdoc />
    public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_streams.TryGetValue((tenant, incident), out var stream))
            {
                return ValueTask.FromResult(new IncidentHistory(tenant, incident, 0, fromVersion, []));
            }

            var from = (int)Math.Min(fromVersion, stream.EventCount);
            return ValueTask.FromResult(new IncidentHistory(tenant, incident, stream.EventCount, fromVersion, stream.EventsFrom(from)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default)
    {
        var after = StoreContract.CheckQuery(query);
        cancellationToken.ThrowIfCancellationRequested();
        List<IncidentSummary> matches;
        lock (_lock)
        {
            matches = _streams.Values
                .Select(s => s.Summary)
                .Where(s => s.Tenant == tenant && query.Matches(s) && (after is null || ContinuationToken.IsAfter(s, after.Value)))
                .ToList();
        }

        matches.Sort(ContinuationToken.Compare);
        var page = matches.Take(query.PageSize).ToArray();
        var next = matches.Count > query.PageSize ? ContinuationToken.Format(page[^1]) : null;
        return ValueTask.FromResult(new IncidentPage(page, next));
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckChange(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (change.Tenant, change.Incident);
            _streams.TryGetValue(key, out var stream);
            var actual = stream?.EventCount ?? 0;
            if (stream is not null && change.Events.All(e => _eventIds.Contains(e.EventId)) && stream.HoldsAll(change.Events))
            {
                return ValueTask.FromResult(new AppendResult(actual, WasDuplicate: true));
            }

            if (actual != change.ExpectedVersion.Value)
            {
                throw new IncidentConcurrencyException(change.Tenant, change.Incident, change.ExpectedVersion, actual);
            }

            // Check everything before changing anything, so a refused change leaves no trace.
            if (change.Events.FirstOrDefault(e => _eventIds.Contains(e.EventId)) is { } stored)
            {
                throw new ArgumentException($"Event {stored.EventId} is stored already; a change is either wholly new or a repeat.", nameof(change));
            }

            if (change.Outbox.FirstOrDefault(m => _outbox.ContainsKey(m.Id)) is { } sent)
            {
                throw new ArgumentException($"Outbox message {sent.Id} is stored already.", nameof(change));
            }

            stream ??= _streams[key] = new Stream();
            foreach (var e in change.Events)
            {
                _eventIds.Add(e.EventId);
            }

            stream.AddEvents(change.Events);
            Chain(change, stream);
            IndexSettling(change.Tenant, stream, change.Summary);
            stream.Summary = change.Summary;
            Plan(stream, change.NextDue);
            foreach (var m in change.Outbox)
            {
                _outbox.Add(m.Id, new OutboxEntry(m));
            }

            return ValueTask.FromResult(new AppendResult(stream.EventCount, WasDuplicate: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<DueWork?> FindDueOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(SlotOrNull(tenant, incident)?.Due);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimDueAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            var lease = new WorkLease(owner, ++_lastToken, now + leaseDuration);
            var claimed = _streams
                .Where(p => p.Value.Due is { } due && due.DueAt <= now && (p.Value.DueLease is not { } held || held.ExpiresAt <= now))
                .OrderBy(p => p.Value.Due!.Value.DueAt)
                .Take(maxItems)
                .ToList();
            foreach (var (_, stream) in claimed)
            {
                stream.DueLease = lease;
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedDueWork>>(
                [.. claimed.Select(p => new ClaimedDueWork(p.Key.Tenant, p.Key.Incident, p.Value.Due!.Value, lease))]);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<bool> CompleteDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default) =>
        EndDueLease(claim, complete: true, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<bool> ReleaseDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default) =>
        EndDueLease(claim, complete: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ListOutboxAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>(
                [.. _outbox.Values.Select(e => e.Message).Where(m => m.Tenant == tenant).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(maxItems)]);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<IReadOnlyList<ClaimedOutboxMessage>> ClaimOutboxAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            var lease = new WorkLease(owner, ++_lastToken, now + leaseDuration);
            var claimed = _outbox.Values
                .Where(e => e.NextAttemptAt <= now && (e.Lease is not { } held || held.ExpiresAt <= now))
                .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Message.CreatedAt).ThenBy(e => e.Message.Id)
                .Take(maxItems)
                .ToList();
            foreach (var entry in claimed)
            {
                entry.Lease = lease;
                entry.Attempts++;
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedOutboxMessage>>(
                [.. claimed.Select(e => new ClaimedOutboxMessage(e.Message, e.Attempts, e.LastError, lease))]);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<bool> CompleteOutboxAsync(ClaimedOutboxMessage claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            return ValueTask.FromResult(_outbox.TryGetValue(claim.Message.Id, out var entry) && entry.Message.Tenant == claim.Message.Tenant
                && Holds(entry.Lease, claim.Lease, now) && _outbox.Remove(claim.Message.Id));
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<bool> FailOutboxAsync(ClaimedOutboxMessage claim, Instant retryAt, string? reason, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            if (!_outbox.TryGetValue(claim.Message.Id, out var entry) || entry.Message.Tenant != claim.Message.Tenant || !Holds(entry.Lease, claim.Lease, now))
            {
                return ValueTask.FromResult(false);
            }

            entry.Lease = null;
            entry.NextAttemptAt = retryAt;
            entry.LastError = StoreContract.TrimError(reason);
            return ValueTask.FromResult(true);
        }
    }

    private static bool Holds(WorkLease? current, WorkLease claimed, Instant now) =>
        current is { } lease && lease.Token == claimed.Token && lease.Owner == claimed.Owner && lease.ExpiresAt > now;

    // One due item per incident; re-planning to another instant or kind drops the lease so the old holder's completion fails.
    private static void Plan(DueSlot stream, DueWork? next)
    {
        if (stream.Due != next)
        {
            stream.DueLease = null;
        }

        stream.Due = next;
    }

    private ValueTask<bool> EndDueLease(ClaimedDueWork claim, bool complete, CancellationToken cancellationToken)
    {
        Guard.Against.Null(claim);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            if (SlotOrNull(claim.Tenant, claim.Incident) is not { } stream || !Holds(stream.DueLease, claim.Lease, now))
            {
                return ValueTask.FromResult(false);
            }

            stream.DueLease = null;
            if (complete)
            {
                stream.Due = null;
            }

            return ValueTask.FromResult(true);
        }
    }

    private Instant Now() => (_clock ?? throw new InvalidOperationException(
        "This in-memory store was created without a clock; create it with InMemoryIncidentStore(IClock) to claim due work or outbox messages.")).GetCurrentInstant();

    // The events are kept in InMemoryIncidentStore.History.cs (append-only, readable as a prefix without the lock).
    // Its hash chain in InMemoryIncidentStore.Chain.cs.
    private sealed partial class Stream : DueSlot
    {
        public IncidentSummary Summary { get; set; } = null!;
    }

    private sealed class OutboxEntry(OutboxMessage message)
    {
        public OutboxMessage Message { get; } = message;

        public Instant NextAttemptAt { get; set; } = message.CreatedAt;

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public WorkLease? Lease { get; set; }
    }
}
