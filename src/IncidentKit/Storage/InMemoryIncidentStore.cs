using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

/// <summary>Keeps incident streams in memory: for tests, demos and single-process tools that need no durability.</summary>
/// <remarks>Honours the whole store contract (optimistic concurrency, atomic batches, idempotent repeats, tenant isolation)
/// under one lock; nothing survives the process.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(TenantId Tenant, IncidentId Incident), Stream> _streams = [];

    /// <inheritdoc />
    public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
    {
        Guard.Against.Negative(fromVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_streams.TryGetValue((tenant, incident), out var stream))
            {
                return ValueTask.FromResult(new IncidentHistory(tenant, incident, 0, fromVersion, []));
            }

            var from = (int)Math.Min(fromVersion, stream.Events.Count);
            return ValueTask.FromResult(new IncidentHistory(tenant, incident, stream.Events.Count, fromVersion, stream.Events[from..]));
        }
    }

    /// <inheritdoc />
    public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        Guard.Against.OutOfRange(query.PageSize, nameof(query), 1, 1000, "Expected a page size from 1 to 1000.");
        var after = ContinuationToken.Parse(query.ContinuationToken);
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
            var actual = stream?.Events.Count ?? 0;
            if (stream is not null && change.Events.All(e => stream.Ids.Contains(e.EventId)))
            {
                return ValueTask.FromResult(new AppendResult(actual, WasDuplicate: true));
            }

            if (actual != change.ExpectedVersion.Value)
            {
                throw new IncidentConcurrencyException(change.Tenant, change.Incident, change.ExpectedVersion, actual);
            }

            stream ??= _streams[key] = new Stream();
            foreach (var e in change.Events)
            {
                if (!stream.Ids.Add(e.EventId))
                {
                    throw new ArgumentException($"Event {e.EventId} is stored in this stream already; a batch is either wholly new or a repeat.", nameof(change));
                }
            }

            stream.Events.AddRange(change.Events);
            stream.Summary = change.Summary;
            return ValueTask.FromResult(new AppendResult(stream.Events.Count, WasDuplicate: false));
        }
    }

    private sealed class Stream
    {
        public List<IncidentEvent> Events { get; } = [];

        public HashSet<Guid> Ids { get; } = [];

        public IncidentSummary Summary { get; set; } = null!;
    }
}
