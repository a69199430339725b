using System.Runtime.CompilerServices;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage;

// The reporting query (IIncidentHistoryReader): per tenant, a sorted index of (settled instant, incident), with open incidents
// at long.MaxValue, kept up to date by every append. A period's active incidents are one range of it, [start, ∞), filtered by
// opening; the SQL stores use the same key in an index.
public sealed partial class InMemoryIncidentStore : IIncidentHistoryReader
{
    private readonly Dictionary<TenantId, SortedSet<(long Settled, Guid Incident)>> _bySettling = [];

    /// <inheritdoc />
    public async IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IncidentActivity.CheckPeriod(period);
        cancellationToken.ThrowIfCancellationRequested();
        var from = period.Start.ToUnixTimeTicks();
        var end = period.End;

        // One snapshot under one lock, as the SQL stores answer from one statement: each active stream with its length now. The
        // histories are then views of those prefixes, not copies: a stream's event list is append-only (Stream.Events), so the
        // first Count events never change, and a report over 100 000 incidents copies no event list.
        List<(IncidentId Id, List<IncidentEvent> Events, int Count)> active = [];
        lock (_lock)
        {
            if (!_bySettling.TryGetValue(tenant, out var index) || index.Count == 0 || index.Max.Settled < from)
            {
                yield break;
            }

            foreach (var (_, id) in index.GetViewBetween((from, Guid.Empty), (long.MaxValue, Guid.AllBitsSet)))
            {
                var incident = new IncidentId(id);
                if (_streams.TryGetValue((tenant, incident), out var stream) && stream.Summary.OpenedAt < end
                    && IncidentActivity.WasActiveIn(stream.Summary, period))
                {
                    active.Add((incident, stream.Events, stream.Events.Count));
                }
            }
        }

        foreach (var (id, events, count) in active)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new IncidentHistory(tenant, id, count, 0, new EventPrefix(events, count));
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // The first Count events of a stream's append-only list, read without the lock: appends only add after them (growing the
    // list may move them to a larger array, which holds the same references), so every read sees the events of the snapshot.
    // A read-only collection, so that consumers (Incident.FromHistory) can size their own copy from its count.
    private sealed class EventPrefix(List<IncidentEvent> events, int count) : IReadOnlyList<IncidentEvent>, ICollection<IncidentEvent>
    {
        public int Count => count;

        public bool IsReadOnly => true;

        public IncidentEvent this[int index] => (uint)index < (uint)count ? events[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<IncidentEvent> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return events[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public bool Contains(IncidentEvent item) => events.IndexOf(item, 0, count) >= 0;

        public void CopyTo(IncidentEvent[] array, int arrayIndex) => events.CopyTo(0, array, arrayIndex, count);

        public void Add(IncidentEvent item) => throw new NotSupportedException("A stored history is read-only.");

        public void Clear() => throw new NotSupportedException("A stored history is read-only.");

        public bool Remove(IncidentEvent item) => throw new NotSupportedException("A stored history is read-only.");
    }

    internal static long SettledKey(IncidentSummary summary) =>
        IncidentActivity.SettledAt(summary) is { } settled ? settled.ToUnixTimeTicks() : long.MaxValue;

    // Called under the lock by the append, with the summary before (null for a new stream) and after.
    private void IndexSettling(TenantId tenant, IncidentSummary? before, IncidentSummary after)
    {
        if (!_bySettling.TryGetValue(tenant, out var index))
        {
            _bySettling[tenant] = index = [];
        }

        if (before is not null)
        {
            index.Remove((SettledKey(before), before.Id.Value));
        }

        index.Add((SettledKey(after), after.Id.Value));
    }
}
