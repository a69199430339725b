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
    // Histories warmed at a time (Warm): 32 × 20 events is about 40 KB, which stays in the core's own caches until the fold
    // reaches it. 8 to 512 all helped; 32 did best here.
    private const int ReadAhead = 32;

    private static readonly IComparer<Settling> SettlingOrder = Comparer<Settling>.Create(static (a, b) =>
        a.Settled != b.Settled ? a.Settled.CompareTo(b.Settled) : a.Incident.CompareTo(b.Incident));

    private readonly Dictionary<TenantId, SortedSet<Settling>> _bySettling = [];

    /// <inheritdoc />
    public async IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IncidentActivity.CheckPeriod(period);
        cancellationToken.ThrowIfCancellationRequested();
        var from = period.Start.ToUnixTimeTicks();
        var end = period.End.ToUnixTimeTicks();

        // One snapshot under one lock, as the SQL stores answer from one statement: each active stream with its length now. The
        // histories are then views of those prefixes, not copies: a stream's events are append-only (Stream.AddEvents), so the
        // first Count events never change, and a report over 100 000 incidents copies no event list. The index entries carry
        // the opening and the stream itself, so the snapshot reads no summary and looks nothing up: at 100 000 incidents these
        // reads were random memory accesses, each a cache miss (IncidentActivity.WasActiveIn's test is the range plus the opening).
        List<(IncidentId Id, IncidentEvent[] Events, int Count)> active = [];
        lock (_lock)
        {
            if (!_bySettling.TryGetValue(tenant, out var index) || index.Count == 0 || index.Max.Settled < from)
            {
                yield break;
            }

            // Walked down from the latest settling (open incidents first) to the first before the period: a view of the range
            // would walk it twice, once to count it when created and once to enumerate it, comparing each entry with both ends.
            foreach (var entry in index.Reverse())
            {
                if (entry.Settled < from)
                {
                    break;
                }

                if (entry.Opened < end)
                {
                    active.Add((new IncidentId(entry.Incident), entry.Stream.EventArray, entry.Stream.EventCount));
                }
            }
        }

        active.Reverse();

        for (var i = 0; i < active.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i % ReadAhead == 0)
            {
                _ = Warm(active, i, Math.Min(i + ReadAhead, active.Count));
            }

            var (id, events, count) = active[i];
            yield return new IncidentHistory(tenant, id, count, 0, new EventPrefix(events, count));
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // Reads one field of every event of a block of histories, in a loop whose loads do not wait on each other, so that the
    // processor fetches their cache lines in parallel; the fold then finds them cached. Without it, each history cost the
    // fold two cache misses in a row (its event array, then its first event: about a fifth of a report's CPU at 100 000
    // incidents, which are hundreds of MB of scattered objects) before any work could start. Not inlined, so that the
    // loads are not dropped as unused; returns how many events sit at Instant.MinValue, which no caller needs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Warm(List<(IncidentId Id, IncidentEvent[] Events, int Count)> active, int start, int end)
    {
        var n = 0;
        for (var i = start; i < end; i++)
        {
            var (_, events, count) = active[i];
            for (var k = 0; k < count; k++)
            {
                if (events[k].At == Instant.MinValue)
                {
                    n++;
                }
            }
        }

        return n;
    }

    // The first Count events of a stream's append-only array, read without the lock: appends only write after them (growing
    // moves them to a larger array and leaves this one as it was), so every read sees the events of the snapshot.
    // A read-only collection, so that consumers (Incident.FromHistory) can size and copy their own timeline from it in one go.
    private sealed class EventPrefix(IncidentEvent[] events, int count) : IReadOnlyList<IncidentEvent>, ICollection<IncidentEvent>
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

        public bool Contains(IncidentEvent item) => Array.IndexOf(events, item, 0, count) >= 0;

        public void CopyTo(IncidentEvent[] array, int arrayIndex) => Array.Copy(events, 0, array, arrayIndex, count);

        public void Add(IncidentEvent item) => throw new NotSupportedException("A stored history is read-only.");

        public void Clear() => throw new NotSupportedException("A stored history is read-only.");

        public bool Remove(IncidentEvent item) => throw new NotSupportedException("A stored history is read-only.");
    }

    internal static long SettledKey(IncidentSummary summary) =>
        IncidentActivity.SettledAt(summary) is { } settled ? settled.ToUnixTimeTicks() : long.MaxValue;

    // Called under the lock by the append, before the stream takes its new summary (null for a new stream).
    private void IndexSettling(TenantId tenant, Stream stream, IncidentSummary after)
    {
        if (!_bySettling.TryGetValue(tenant, out var index))
        {
            _bySettling[tenant] = index = new SortedSet<Settling>(SettlingOrder);
        }

        if (stream.Summary is { } before)
        {
            index.Remove(new Settling(SettledKey(before), before.Id.Value, 0, stream));
        }

        index.Add(new Settling(SettledKey(after), after.Id.Value, after.OpenedAt.ToUnixTimeTicks(), stream));
    }

    // An entry of the settling index, ordered by (Settled, Incident) only (SettlingOrder); Opened and Stream ride along.
    private readonly record struct Settling(long Settled, Guid Incident, long Opened, Stream Stream);

    // A stream's events: an array that only grows at its end, under the store's lock. A reader that took (EventArray, EventCount)
    // under the lock may read that prefix afterwards without it: an append writes only after EventCount, and when it needs more
    // room it copies into a new array, leaving the old one as it was.
    private sealed partial class Stream
    {
        public IncidentEvent[] EventArray { get; private set; } = [];

        public int EventCount { get; private set; }

        public IncidentEvent EventAt(int index) => (uint)index < (uint)EventCount ? EventArray[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public List<IncidentEvent> EventsFrom(int from) => [.. EventArray.AsSpan(from, EventCount - from)];

        public void AddEvents(IReadOnlyList<IncidentEvent> events)
        {
            var count = EventCount + events.Count;
            var array = EventArray;
            if (count > array.Length)
            {
                Array.Resize(ref array, Math.Max(count, Math.Min(array.Length * 2, Array.MaxLength)));
            }

            for (var i = 0; i < events.Count; i++)
            {
                array[EventCount + i] = events[i];
            }

            // The array first, then the count: under the lock either order is safe, and this one never shows a count beyond the array.
            EventArray = array;
            EventCount = count;
        }
    }
}
