using System.Collections.Immutable;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents one rotation layer of an on-call schedule: participants taking turns of a fixed wall-clock length.</summary>
/// <remarks>
/// Turn <c>k</c> (counting from 0) starts at the local date-time <see cref="RotationStart"/> plus <c>k</c> times
/// <see cref="TurnLength"/> on the schedule zone's wall clock, mapped to the first instant at which the zone's clock
/// reads that local time or later (skipped times move to the end of the gap, ambiguous times take the earlier
/// occurrence). Participant <c>k mod n</c> holds turn <c>k</c>. A turn whose start and end map to the same instant
/// (an hours-based handoff inside a spring-forward gap) is empty and its participant is skipped. The layer covers from
/// its rotation start until its optional end, and, when it has restrictions, only inside them; the rotation keeps
/// turning outside the restrictions.
/// </remarks>
/// <threadsafety>This type is immutable and safe to use from any number of threads.</threadsafety>
public sealed class ScheduleLayer
{
    private readonly DateTimeZone _zone;
    private readonly long _startLocalTicks;
    private readonly long _turnLocalTicks;
    private readonly long _startTicks;
    private readonly long _endTicks;
    private readonly ImmutableArray<UserId>[] _singles;
    private readonly WeeklyWindow[][] _windowsByDay;

    internal ScheduleLayer(string name, ImmutableArray<UserId> participants, LocalDateTime rotationStart, RotationLength turnLength,
        ImmutableArray<WeeklyWindow> restrictions, LocalDateTime? end, DateTimeZone zone)
    {
        Name = name;
        Participants = participants;
        RotationStart = rotationStart;
        TurnLength = turnLength;
        Restrictions = restrictions;
        End = end;
        _zone = zone;
        _startLocalTicks = ScheduleTime.LocalTicks(rotationStart);
        _turnLocalTicks = turnLength.ToLocalHours() * ScheduleTime.TicksPerHour;
        _startTicks = ScheduleTime.ToInstant(zone, rotationStart).ToUnixTimeTicks();
        _endTicks = end is { } e ? ScheduleTime.ToInstant(zone, e).ToUnixTimeTicks() : long.MaxValue;
        _singles = [.. participants.Select(p => ImmutableArray.Create(p))];
        _windowsByDay = new WeeklyWindow[8][];
        for (int d = 0; d < 8; d++)
        {
            _windowsByDay[d] = [.. restrictions.Where(w => (int)w.Day == d)];
        }
    }

    /// <summary>Gets the layer's name, unique within its schedule.</summary>
    public string Name { get; }

    /// <summary>Gets the participants in rotation order.</summary>
    public ImmutableArray<UserId> Participants { get; }

    /// <summary>Gets the local date-time in the schedule's zone at which the first participant's first turn starts.</summary>
    public LocalDateTime RotationStart { get; }

    /// <summary>Gets the length of one turn, in local wall-clock units.</summary>
    public RotationLength TurnLength { get; }

    /// <summary>Gets the weekly windows outside which the layer does not cover; empty when the layer always covers.</summary>
    public ImmutableArray<WeeklyWindow> Restrictions { get; }

    /// <summary>Gets the local date-time at which the layer stops covering, or null when it never ends.</summary>
    public LocalDateTime? End { get; }

    /// <summary>Gets the instant at which the layer starts covering.</summary>
    public Instant StartInstant => Instant.FromUnixTimeTicks(_startTicks);

    /// <summary>Gets the instant at which the layer stops covering, or null when it never ends.</summary>
    public Instant? EndInstant => End is null ? null : Instant.FromUnixTimeTicks(_endTicks);

    /// <summary>Returns the instant at which a given turn starts.</summary>
    /// <param name="turn">The turn number; 0 is the first turn, negative numbers are turns before the rotation start.</param>
    /// <returns>The first instant at which the zone's clock reads the turn's local start time or later.</returns>
    public Instant HandoffInstant(long turn) =>
        ScheduleTime.ToInstant(_zone, ScheduleTime.FromLocalTicks(_startLocalTicks + (turn * _turnLocalTicks)));

    /// <summary>Returns the number of the turn in progress at an instant, ignoring restrictions and the layer's start and end.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The largest turn number whose handoff is at or before <paramref name="instant"/>.</returns>
    public long TurnAt(Instant instant)
    {
        long local = ScheduleTime.LocalTicks(instant.InZone(_zone).LocalDateTime);
        long k = ScheduleTime.FloorDiv(local - _startLocalTicks, _turnLocalTicks);

        // The local estimate can be one turn off around a transition (ambiguous or skipped handoff); settle it on instants.
        while (HandoffInstant(k) > instant)
        {
            k--;
        }

        while (HandoffInstant(k + 1) <= instant)
        {
            k++;
        }

        return k;
    }

    /// <summary>Returns the participant holding a given turn.</summary>
    /// <param name="turn">The turn number.</param>
    /// <returns>The participant at position <c>turn mod n</c>.</returns>
    public UserId ParticipantForTurn(long turn) => Participants[(int)Mod(turn, Participants.Length)];

    internal ImmutableArray<UserId> SingleForTurn(long turn) => _singles[(int)Mod(turn, Participants.Length)];

    internal bool IsActive(Instant instant)
    {
        long t = instant.ToUnixTimeTicks();
        if (t < _startTicks || t >= _endTicks)
        {
            return false;
        }

        return Restrictions.IsDefaultOrEmpty || InsideRestrictions(instant);
    }

    /// <summary>Returns whether the layer covers an instant and, when it does, who is on call in it.</summary>
    internal bool TryGetOnCall(Instant instant, out ImmutableArray<UserId> users, out long turn)
    {
        if (!IsActive(instant))
        {
            users = default;
            turn = 0;
            return false;
        }

        turn = TurnAt(instant);
        users = SingleForTurn(turn);
        return true;
    }

    internal void AddBoundaries(Instant from, Instant to, List<Instant> sink)
    {
        long f = from.ToUnixTimeTicks();
        long t = to.ToUnixTimeTicks();
        if (t <= _startTicks || f >= _endTicks)
        {
            return;
        }

        AddIfInside(StartInstant, from, to, sink);
        if (End is not null)
        {
            AddIfInside(Instant.FromUnixTimeTicks(_endTicks), from, to, sink);
        }

        var lo = Instant.FromUnixTimeTicks(Math.Max(f, _startTicks));
        var hi = Instant.FromUnixTimeTicks(Math.Min(t, _endTicks));
        for (long k = TurnAt(lo) + 1; ; k++)
        {
            var h = HandoffInstant(k);
            if (h >= hi)
            {
                break;
            }

            AddIfInside(h, from, to, sink);
        }

        if (Restrictions.IsDefaultOrEmpty)
        {
            return;
        }

        var firstDate = lo.InZone(_zone).Date.PlusDays(-2);
        var lastDate = hi.InZone(_zone).Date.PlusDays(1);
        for (var date = firstDate; date <= lastDate; date = date.PlusDays(1))
        {
            foreach (var w in _windowsByDay[(int)date.DayOfWeek])
            {
                var (s, e) = WindowInstants(date, w);
                AddIfInside(s, from, to, sink);
                AddIfInside(e, from, to, sink);
            }
        }
    }

    private bool InsideRestrictions(Instant instant)
    {
        var date = instant.InZone(_zone).Date;

        // A window opening the day before may still be open, and one opening the next day may already be open
        // when a transition moves local midnight; checking three days keeps the test exact.
        for (int offset = -1; offset <= 1; offset++)
        {
            var d = date.PlusDays(offset);
            foreach (var w in _windowsByDay[(int)d.DayOfWeek])
            {
                var (s, e) = WindowInstants(d, w);
                if (s <= instant && instant < e)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private (Instant Start, Instant End) WindowInstants(LocalDate date, WeeklyWindow window)
    {
        var s = ScheduleTime.ToInstant(_zone, date + window.Start);
        var e = ScheduleTime.ToInstant(_zone, (window.EndsNextDay ? date.PlusDays(1) : date) + window.End);
        return (s, e);
    }

    private static void AddIfInside(Instant i, Instant from, Instant to, List<Instant> sink)
    {
        if (i > from && i < to)
        {
            sink.Add(i);
        }
    }

    private static long Mod(long a, long n)
    {
        long r = a % n;
        return r < 0 ? r + n : r;
    }
}
