using NodaTime;

namespace IncidentKit.Calendars;

/// <summary>The rules of one calendar version: zone, weekly intervals, holidays and exceptions.</summary>
/// <remarks>Immutable once constructed; the interval lists are kept as written (not unioned) so they round-trip.</remarks>
internal sealed class CalendarRules
{
    private const long TicksPerDay = NodaConstants.TicksPerDay;

    private readonly LocalSpan[][] _weekly;
    private readonly Dictionary<LocalDate, LocalSpan[]> _exceptions;
    private readonly HashSet<LocalDate> _holidays;
    private readonly LocalDate[] _sortedExceptionDates;

    public CalendarRules(DateTimeZone zone, LocalSpan[][] weekly, Dictionary<LocalDate, LocalSpan[]> exceptions, HashSet<LocalDate> holidays)
    {
        Zone = zone;
        _weekly = weekly;
        _exceptions = exceptions;
        _holidays = holidays;
        _sortedExceptionDates = [.. exceptions.Keys.Order()];
        HasWeeklyHours = Array.Exists(weekly, d => d.Length > 0);
        LastExceptionDateWithHours = exceptions.Where(e => e.Value.Length > 0).Select(e => (LocalDate?)e.Key).Max();
    }

    public DateTimeZone Zone { get; }

    public bool HasWeeklyHours { get; }

    public LocalDate? LastExceptionDateWithHours { get; }

    public IReadOnlyList<LocalSpan> Weekly(IsoDayOfWeek day) => _weekly[(int)day - 1];

    public IReadOnlyCollection<LocalDate> Holidays => _holidays;

    public IReadOnlyDictionary<LocalDate, LocalSpan[]> Exceptions => _exceptions;

    /// <summary>Maps a wall time (ticks since D 00:00, possibly past 24:00) to the first instant the zone's clock reads at least that.</summary>
    public long Boundary(LocalDate date, long tickOfDay)
    {
        while (tickOfDay >= TicksPerDay)
        {
            date = date.PlusDays(1);
            tickOfDay -= TicksPerDay;
        }

        return date.At(LocalTime.FromTicksSinceMidnight(tickOfDay)).InZone(Zone, WallClock.FirstInstantAtOrAfter).ToInstant().ToUnixTimeTicks();
    }

    /// <summary>Appends the business intervals within [lo, hi) as sorted, disjoint, non-adjacent UTC tick ranges.</summary>
    /// <remarks>
    /// An interval anchored on D lies within [D 00:00, D+2 00:00) local and zone offsets stay within ±18 h, so the
    /// dates from two before lo's local date to one after hi's cover every interval that can reach [lo, hi).
    /// </remarks>
    public void Collect(long lo, long hi, List<long> starts, List<long> ends)
    {
        LocalDate first = Instant.FromUnixTimeTicks(lo).InZone(Zone).Date.PlusDays(-2);
        LocalDate last = Instant.FromUnixTimeTicks(hi - 1).InZone(Zone).Date.PlusDays(1);
        var raw = new List<(long Start, long End)>();
        if (HasWeeklyHours)
        {
            for (LocalDate d = first; d <= last; d = d.PlusDays(1))
            {
                AddDate(d, lo, hi, raw);
            }
        }
        else
        {
            // Only exception dates can hold business time; skip the empty weekly days entirely.
            int i = Array.BinarySearch(_sortedExceptionDates, first);
            for (i = i < 0 ? ~i : i; i < _sortedExceptionDates.Length && _sortedExceptionDates[i] <= last; i++)
            {
                AddDate(_sortedExceptionDates[i], lo, hi, raw);
            }
        }

        if (raw.Count == 0)
        {
            return;
        }

        raw.Sort();
        int firstOut = starts.Count;
        long curStart = raw[0].Start, curEnd = raw[0].End;
        for (int i = 1; i < raw.Count; i++)
        {
            if (raw[i].Start <= curEnd)
            {
                curEnd = Math.Max(curEnd, raw[i].End);
            }
            else
            {
                starts.Add(curStart);
                ends.Add(curEnd);
                (curStart, curEnd) = raw[i];
            }
        }

        starts.Add(curStart);
        ends.Add(curEnd);
        if (_holidays.Count > 0)
        {
            RemoveHolidays(first, last, firstOut, starts, ends);
        }
    }

    private void AddDate(LocalDate date, long lo, long hi, List<(long, long)> raw)
    {
        LocalSpan[] spans = _exceptions.TryGetValue(date, out LocalSpan[]? exception) ? exception : _weekly[(int)date.DayOfWeek - 1];
        foreach (LocalSpan span in spans)
        {
            long s = Math.Max(lo, Boundary(date, span.Start));
            long e = Math.Min(hi, Boundary(date, span.End));
            if (s < e)
            {
                raw.Add((s, e));
            }
        }
    }

    private void RemoveHolidays(LocalDate first, LocalDate last, int from, List<long> starts, List<long> ends)
    {
        var keptStarts = new List<long>();
        var keptEnds = new List<long>();
        for (int i = from; i < starts.Count; i++)
        {
            keptStarts.Add(starts[i]);
            keptEnds.Add(ends[i]);
        }

        for (LocalDate h = first; h <= last; h = h.PlusDays(1))
        {
            if (!_holidays.Contains(h))
            {
                continue;
            }

            long hs = Boundary(h, 0), he = Boundary(h, TicksPerDay);
            if (hs >= he)
            {
                continue;
            }

            var nextStarts = new List<long>(keptStarts.Count + 1);
            var nextEnds = new List<long>(keptEnds.Count + 1);
            for (int i = 0; i < keptStarts.Count; i++)
            {
                long s = keptStarts[i], e = keptEnds[i];
                if (e <= hs || s >= he)
                {
                    nextStarts.Add(s);
                    nextEnds.Add(e);
                    continue;
                }

                if (s < hs)
                {
                    nextStarts.Add(s);
                    nextEnds.Add(hs);
                }

                if (e > he)
                {
                    nextStarts.Add(he);
                    nextEnds.Add(e);
                }
            }

            keptStarts = nextStarts;
            keptEnds = nextEnds;
        }

        starts.RemoveRange(from, starts.Count - from);
        ends.RemoveRange(from, ends.Count - from);
        starts.AddRange(keptStarts);
        ends.AddRange(keptEnds);
    }
}
