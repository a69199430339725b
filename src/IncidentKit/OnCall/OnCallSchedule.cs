using System.Collections.Concurrent;
using System.Collections.Immutable;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents an on-call schedule: who a team means at any instant, from rotation layers, temporary schedules and overrides.</summary>
/// <remarks>
/// <para>Precedence, lowest first: layers (a higher layer wins wherever it covers), then temporary schedules (which
/// replace all layers inside their interval), then overrides (applied in the order added). An instant where nothing
/// puts anyone on call is a gap.</para>
/// <para>All wall-clock reasoning happens in <see cref="Zone"/>: a handoff at 09:00 stays at 09:00 local across
/// daylight saving transitions; see <see cref="ScheduleLayer"/> and <see cref="RotationLength"/>.</para>
/// <para>Implementation note: answers come from a flattened shift table built lazily per 14-day block of time and
/// cached (thread-safely; building twice under a race is harmless because it is pure), so <see cref="WhoIsOnCall"/>
/// is a binary search that allocates nothing. The cache keeps at most 4096 blocks and then starts again.</para>
/// </remarks>
/// <threadsafety>This type is immutable and safe to use from any number of threads.</threadsafety>
public sealed partial class OnCallSchedule
{
    private const long ChunkTicks = 14 * NodaConstants.TicksPerDay;
    private const int MaxCachedChunks = 4096;
    private static readonly Instant MinSupported = Instant.FromUtc(1900, 1, 1, 0, 0);
    private static readonly Instant MaxSupported = Instant.FromUtc(9000, 1, 1, 0, 0);

    private readonly ImmutableArray<UserId>[] _overrideSingles;
    private readonly ConcurrentDictionary<long, Chunk> _chunks = new();
    private Chunk? _last;

    internal OnCallSchedule(ScheduleId id, DateTimeZone zone, ImmutableArray<ScheduleLayer> layers, ImmutableArray<ScheduleOverride> overrides,
        ImmutableArray<TemporarySchedule> temporarySchedules)
    {
        Id = id;
        Zone = zone;
        Layers = layers;
        Overrides = overrides;
        TemporarySchedules = temporarySchedules;
        _overrideSingles = [.. overrides.Select(o => ImmutableArray.Create(o.OnCall))];
        Participants = [.. layers.SelectMany(l => l.Participants).Concat(temporarySchedules.SelectMany(t => t.Shifts.SelectMany(s => s.Users))).Distinct()];
    }

    /// <summary>Gets the schedule's identifier.</summary>
    public ScheduleId Id { get; }

    /// <summary>Gets the zone whose wall clock the rotations, handoffs and restrictions follow.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Gets the rotation layers, lowest first; a later layer wins where it covers.</summary>
    public ImmutableArray<ScheduleLayer> Layers { get; }

    /// <summary>Gets the overrides, in the order they apply.</summary>
    public ImmutableArray<ScheduleOverride> Overrides { get; }

    /// <summary>Gets the temporary schedules, in the order they were added; a later one wins where they overlap.</summary>
    public ImmutableArray<TemporarySchedule> TemporarySchedules { get; }

    /// <summary>Gets every user who takes part in a layer or a temporary schedule (not override users), without duplicates.</summary>
    public ImmutableArray<UserId> Participants { get; }

    /// <summary>Returns who is on call at an instant.</summary>
    /// <param name="instant">The instant, between the years 1900 and 9000.</param>
    /// <returns>The users on call (one for a layer, one or more for a temporary shift), or an empty array in a gap. Allocates nothing once the instant's block is cached.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> is before 1900 or after 9000.</exception>
    public ImmutableArray<UserId> WhoIsOnCall(Instant instant)
    {
        long t = instant.ToUnixTimeTicks();
        var chunk = _last;
        if (chunk is null || t < chunk.StartTicks || t >= chunk.EndTicks)
        {
            CheckSupported(instant, nameof(instant));
            chunk = GetChunk(ScheduleTime.FloorDiv(t, ChunkTicks));
            _last = chunk;
        }

        return chunk.Find(t);
    }

    /// <summary>Returns whether a user is on call at an instant.</summary>
    /// <param name="user">The user.</param>
    /// <param name="instant">The instant, between the years 1900 and 9000.</param>
    /// <returns>True when <paramref name="user"/> is among <see cref="WhoIsOnCall"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> is before 1900 or after 9000.</exception>
    public bool IsOnCall(UserId user, Instant instant) => WhoIsOnCall(instant).Contains(user);

    /// <summary>Returns the final, flattened shifts between two instants.</summary>
    /// <param name="from">The start of the window, inclusive.</param>
    /// <param name="to">The end of the window, exclusive; not before <paramref name="from"/>.</param>
    /// <returns>The shifts in time order, clipped to the window, never overlapping, with adjacent shifts of the same users and source merged; gaps have no shift.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window reaches before 1900 or after 9000.</exception>
    public IReadOnlyList<OnCallShift> ShiftsBetween(Instant from, Instant to)
    {
        CheckWindow(from, to);
        var result = new List<OnCallShift>();
        if (from == to)
        {
            return result;
        }

        long f = from.ToUnixTimeTicks();
        long t = to.ToUnixTimeTicks();
        for (long ci = ScheduleTime.FloorDiv(f, ChunkTicks); ci <= ScheduleTime.FloorDiv(t - 1, ChunkTicks); ci++)
        {
            var chunk = GetChunk(ci);
            int first = Math.Max(0, chunk.IndexAtOrBefore(f));
            for (int i = first; i < chunk.Shifts.Length; i++)
            {
                var s = chunk.Shifts[i];
                long ss = Math.Max(chunk.Starts[i], f);
                long se = Math.Min(chunk.Ends[i], t);
                if (ss >= t)
                {
                    break;
                }

                if (se > ss)
                {
                    Append(result, s with { Interval = new Interval(Instant.FromUnixTimeTicks(ss), Instant.FromUnixTimeTicks(se)) });
                }
            }
        }

        return result;
    }

    /// <summary>Returns the intervals between two instants when no one is on call.</summary>
    /// <param name="from">The start of the window, inclusive.</param>
    /// <param name="to">The end of the window, exclusive; not before <paramref name="from"/>.</param>
    /// <returns>The maximal gaps in time order, clipped to the window; empty when the window is covered throughout.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window reaches before 1900 or after 9000.</exception>
    public IReadOnlyList<Interval> GapsBetween(Instant from, Instant to)
    {
        var gaps = new List<Interval>();
        var cursor = from;
        foreach (var s in ShiftsBetween(from, to))
        {
            if (s.Interval.Start > cursor)
            {
                gaps.Add(new Interval(cursor, s.Interval.Start));
            }

            cursor = s.Interval.End;
        }

        if (cursor < to)
        {
            gaps.Add(new Interval(cursor, to));
        }

        return gaps;
    }

    /// <summary>Returns whether anyone is missing from the schedule at some instant between two instants.</summary>
    /// <param name="from">The start of the window, inclusive.</param>
    /// <param name="to">The end of the window, exclusive; not before <paramref name="from"/>.</param>
    /// <returns>True when the window contains at least one gap.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window reaches before 1900 or after 9000.</exception>
    public bool HasGaps(Instant from, Instant to) => GapsBetween(from, to).Count > 0;

    /// <summary>Returns a builder preloaded with this schedule's configuration, to derive a changed schedule.</summary>
    /// <returns>A new builder; changing it does not change this schedule.</returns>
    public OnCallScheduleBuilder ToBuilder() => OnCallScheduleBuilder.From(this);

    /// <summary>Returns a copy of this schedule with one more override, applied after the existing ones.</summary>
    /// <param name="scheduleOverride">The override to add.</param>
    /// <returns>The new schedule; this one is unchanged.</returns>
    /// <exception cref="InvalidScheduleException">The override is invalid (unbounded or empty interval, default user, a user replacing themself).</exception>
    public OnCallSchedule WithOverride(ScheduleOverride scheduleOverride) => ToBuilder().AddOverride(scheduleOverride).Build();

    /// <summary>Computes who is on call at an instant from first principles, without the cache.</summary>
    internal (ImmutableArray<UserId> Users, ShiftSource Source) Evaluate(Instant instant, bool[]? appliedOverrides = null)
    {
        var users = ImmutableArray<UserId>.Empty;
        ShiftSource source = default;
        bool inTemporary = false;
        for (int i = TemporarySchedules.Length - 1; i >= 0; i--)
        {
            var temp = TemporarySchedules[i];
            if (!temp.Interval.Contains(instant))
            {
                continue;
            }

            inTemporary = true;
            source = new ShiftSource(ShiftSourceKind.TemporarySchedule, i);
            foreach (var shift in temp.Shifts)
            {
                if (shift.Interval.Contains(instant))
                {
                    users = shift.Users;
                    break;
                }
            }

            break;
        }

        if (!inTemporary)
        {
            for (int i = Layers.Length - 1; i >= 0; i--)
            {
                if (Layers[i].TryGetOnCall(instant, out var u, out _))
                {
                    users = u;
                    source = new ShiftSource(ShiftSourceKind.Layer, i);
                    break;
                }
            }
        }

        for (int j = 0; j < Overrides.Length; j++)
        {
            var o = Overrides[j];
            if (!o.Interval.Contains(instant))
            {
                continue;
            }

            if (o.Replacing is not { } replaced)
            {
                users = _overrideSingles[j];
            }
            else if (users.Contains(replaced))
            {
                users = users.Length == 1 ? _overrideSingles[j] : [.. users.Select(u => u == replaced ? o.OnCall : u).Distinct()];
            }
            else
            {
                continue;
            }

            source = new ShiftSource(ShiftSourceKind.Override, j);
            appliedOverrides?[j] = true;
        }

        return (users, source);
    }

    /// <summary>Returns every instant in (from, to) at which the answer may change, plus <paramref name="from"/>, sorted and distinct.</summary>
    internal List<Instant> Boundaries(Instant from, Instant to)
    {
        var b = new List<Instant> { from };
        foreach (var layer in Layers)
        {
            layer.AddBoundaries(from, to, b);
        }

        foreach (var o in Overrides)
        {
            AddIfInside(o.Interval.Start, from, to, b);
            AddIfInside(o.Interval.End, from, to, b);
        }

        foreach (var temp in TemporarySchedules)
        {
            AddIfInside(temp.Interval.Start, from, to, b);
            AddIfInside(temp.Interval.End, from, to, b);
            foreach (var s in temp.Shifts)
            {
                AddIfInside(s.Interval.Start, from, to, b);
                AddIfInside(s.Interval.End, from, to, b);
            }
        }

        b.Sort();
        int n = 1;
        for (int i = 1; i < b.Count; i++)
        {
            if (b[i] != b[n - 1])
            {
                b[n++] = b[i];
            }
        }

        b.RemoveRange(n, b.Count - n);
        return b;
    }

    /// <summary>Flattens the schedule over a window by evaluating every elementary segment between boundaries.</summary>
    internal List<OnCallShift> Flatten(Instant from, Instant to)
    {
        var result = new List<OnCallShift>();
        var b = Boundaries(from, to);
        for (int i = 0; i < b.Count; i++)
        {
            var start = b[i];
            var end = i + 1 < b.Count ? b[i + 1] : to;
            var (users, source) = Evaluate(start);
            if (!users.IsEmpty)
            {
                Append(result, new OnCallShift(new Interval(start, end), users, source));
            }
        }

        return result;
    }

    private static void Append(List<OnCallShift> result, OnCallShift shift)
    {
        if (result.Count > 0)
        {
            var last = result[^1];
            if (last.Interval.End == shift.Interval.Start && last.HasSameOnCall(shift))
            {
                result[^1] = last with { Interval = new Interval(last.Interval.Start, shift.Interval.End) };
                return;
            }
        }

        result.Add(shift);
    }

    private static void AddIfInside(Instant i, Instant from, Instant to, List<Instant> sink)
    {
        if (i > from && i < to)
        {
            sink.Add(i);
        }
    }

    private static void CheckSupported(Instant instant, string parameterName)
    {
        if (instant < MinSupported || instant > MaxSupported)
        {
            throw new ArgumentOutOfRangeException(parameterName, instant, "On-call schedules answer for instants between the years 1900 and 9000.");
        }
    }

    private static void CheckWindow(Instant from, Instant to)
    {
        CheckSupported(from, nameof(from));
        CheckSupported(to, nameof(to));
        Guard.Against.Expression(x => x < from, to, $"The window end {to} must not be before its start {from}.", nameof(to));
    }

    private Chunk GetChunk(long index)
    {
        if (_chunks.TryGetValue(index, out var chunk))
        {
            return chunk;
        }

        if (_chunks.Count >= MaxCachedChunks)
        {
            _chunks.Clear();
        }

        var start = Instant.FromUnixTimeTicks(index * ChunkTicks);
        var end = Instant.FromUnixTimeTicks((index + 1) * ChunkTicks);
        return _chunks.GetOrAdd(index, new Chunk(start, end, Flatten(start, end)));
    }

    /// <summary>Holds the flattened shifts of one block of time, as parallel arrays for a branch-light binary search.</summary>
    private sealed class Chunk
    {
        internal Chunk(Instant start, Instant end, List<OnCallShift> shifts)
        {
            StartTicks = start.ToUnixTimeTicks();
            EndTicks = end.ToUnixTimeTicks();
            Shifts = [.. shifts];
            Starts = [.. shifts.Select(s => s.Interval.Start.ToUnixTimeTicks())];
            Ends = [.. shifts.Select(s => s.Interval.End.ToUnixTimeTicks())];
        }

        internal long StartTicks { get; }

        internal long EndTicks { get; }

        internal OnCallShift[] Shifts { get; }

        internal long[] Starts { get; }

        internal long[] Ends { get; }

        internal int IndexAtOrBefore(long ticks)
        {
            int i = Array.BinarySearch(Starts, ticks);
            return i >= 0 ? i : ~i - 1;
        }

        internal ImmutableArray<UserId> Find(long ticks)
        {
            int i = IndexAtOrBefore(ticks);
            return i >= 0 && ticks < Ends[i] ? Shifts[i].Users : ImmutableArray<UserId>.Empty;
        }
    }
}
