using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Calendars;

/// <summary>Measures and adds business time exactly, in any IANA time zone, over weekly hours, holidays, exceptions and effective-dated versions.</summary>
/// <remarks>
/// <para>
/// For each local date D the rule for D (an exception for D if present, else D's weekday) lists local half-open
/// intervals anchored on D. "24:00" means D+1 00:00; an end before the start is an overnight interval ending on D+1;
/// overlapping intervals are unioned; a weekday without hours is closed. Each local boundary maps to the first instant
/// at which the zone's clock reads at least that wall time: an ambiguous (fall-back) time takes its earlier
/// occurrence and a skipped (spring-forward) time maps to the transition instant. A holiday H removes every instant
/// in [H 00:00, H+1 00:00) mapped the same way, including the after-midnight tail of an overnight interval anchored
/// on H-1 (the tail of H's own overnight interval, on H+1, stays). When a date is both a holiday and an exception,
/// the holiday wins. Each instant is judged by the version in force at that instant.
/// </para>
/// <para>
/// Business time is computed for instants in the UTC years 0001 to 9998; outside them the calendar counts as closed.
/// Instants and durations are handled at tick (100 ns) resolution: sub-tick nanoseconds of an instant are ignored
/// and a duration with sub-tick nanoseconds is rounded up to the next tick.
/// </para>
/// <para>
/// Pauses are instant ranges, unioned, in which business time does not count; an open pause (no end) that begins
/// before a target is reached makes the due instant null. A threshold of p % of a target is
/// <c>AddBusinessTime(start, target * p / 100)</c>: a fraction of business time, not of wall-clock time.
/// Tables belong to the instance: share one calendar per definition rather than parsing the same JSON per query.
/// </para>
/// <para>
/// Implementation note: each calendar keeps, per UTC year, a table of its business intervals as UTC ticks (start
/// and end arrays) with prefix sums of business ticks, built from every version in force during that year, each
/// clipped to its own validity range. Tables are built lazily on first use and published lock-free with
/// <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/>: two threads may both build a year, one table wins, and
/// both are equal. Elapsed time is two day-index lookups plus prefix-sum arithmetic; a due instant is one lookup
/// and one branch-free search in the starting year, then whole years are skipped using their totals (see YearTable); the
/// year's table is found by a range check against the one last used. Once the tables a query touches
/// exist, queries allocate nothing (with up to 32 pauses, which are unioned on the stack). A calendar knows the instant after which it has no business time
/// (its horizon), so a query that cannot be met answers null without walking the remaining years.
/// </para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance can be shared by any number of threads.</threadsafety>
public sealed class BusinessCalendar
{
    internal const int MinYear = 1;
    internal const int MaxYear = 9998;
    private const int BlockShift = 6;
    private const int BlockSize = 1 << BlockShift;
    private const long TicksPerDay = NodaConstants.TicksPerDay;
    private const int MaxStackPauses = 32;

    internal static readonly long MinTicks = YearStartTicks(MinYear);
    internal static readonly long MaxTicks = YearStartTicks(MaxYear + 1);
    private static readonly Duration MaxSupportedDuration = Duration.FromTicks(MaxTicks - MinTicks + 1);

    // Versions are sorted by start; version i is in force in [_versionStarts[i], _versionStarts[i + 1]).
    // A null rule set is a period in which no version is in force (closed).
    private readonly long[] _versionStarts;
    private readonly CalendarRules?[] _versionRules;
    private readonly long _horizon;
    private readonly YearTable?[]?[] _blocks = new YearTable?[]?[((MaxYear - MinYear) >> BlockShift) + 1];

    // The table a query last had to look up: most queries fall in the same year, and a range check is cheaper than working
    // out the year. Only a hint (written on a miss, read without a lock): a stale one costs a lookup, never a wrong answer.
    private YearTable? _recent;

    internal BusinessCalendar(long[] versionStarts, CalendarRules?[] versionRules)
    {
        _versionStarts = versionStarts;
        _versionRules = versionRules;
        _horizon = ComputeHorizon();
    }

    /// <summary>Gets a calendar that is open every instant (24×7), in UTC.</summary>
    /// <remarks>Every day's 00:00-24:00 intervals are unioned, so the calendar is never closed a minute a night and counts exact elapsed time.</remarks>
    public static BusinessCalendar AlwaysOpen { get; } = new BusinessCalendarBuilder(DateTimeZone.Utc)
        .SetHours(IsoDayOfWeek.Monday, "00:00-24:00").SetHours(IsoDayOfWeek.Tuesday, "00:00-24:00")
        .SetHours(IsoDayOfWeek.Wednesday, "00:00-24:00").SetHours(IsoDayOfWeek.Thursday, "00:00-24:00")
        .SetHours(IsoDayOfWeek.Friday, "00:00-24:00").SetHours(IsoDayOfWeek.Saturday, "00:00-24:00")
        .SetHours(IsoDayOfWeek.Sunday, "00:00-24:00").Build();

    internal int VersionCount => _versionStarts.Length;

    internal long VersionStart(int i) => _versionStarts[i];

    internal CalendarRules? VersionRules(int i) => _versionRules[i];

    /// <summary>Parses a calendar from JSON: a single calendar or <c>{ "versions": [ … ] }</c> of effective-dated calendars.</summary>
    /// <param name="json">The JSON text, for example <c>{ "timeZone": "Europe/London", "weekly": { "monday": ["09:00-17:00"] } }</c>.</param>
    /// <returns>The calendar.</returns>
    /// <remarks>
    /// A single calendar has <c>timeZone</c> (an IANA id, required), <c>weekly</c> (weekday name to a list of
    /// "HH:mm-HH:mm" intervals), <c>holidays</c> (ISO dates) and <c>exceptions</c> (ISO date to a list of intervals,
    /// an empty list closing the day). A versioned calendar has <c>versions</c>, a list of
    /// <c>{ "effectiveFrom": null | "2026-07-01T04:00:00Z", "calendar": { … } }</c> in strictly increasing order, where
    /// only the first may have a null <c>effectiveFrom</c> (in force from the beginning of time). Property and weekday
    /// names are case-insensitive; unknown properties are rejected.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="CalendarFormatException">The JSON is malformed or describes an invalid calendar; the message lists every problem with its JSON path.</exception>
    public static BusinessCalendar FromJson(string json)
    {
        Guard.Against.Null(json);
        return CalendarJson.Parse(json);
    }

    /// <summary>Returns the calendar as JSON in the shape <see cref="FromJson(string)"/> reads.</summary>
    /// <returns>A single-calendar object when the calendar has one version in force from the beginning of time, else <c>{ "versions": [ … ] }</c>.</returns>
    /// <remarks>Zones are written by id, so a calendar built on a zone outside <see cref="DateTimeZoneProviders.Tzdb"/> does not read back. Intervals are written as given (not unioned); a period with no version in force is written as a calendar without hours.</remarks>
    public string ToJson() => CalendarJson.Write(this);

    /// <summary>Returns the earliest instant T at or after <paramref name="start"/> such that the business time in [start, T) reaches <paramref name="duration"/>.</summary>
    /// <param name="start">The instant the clock starts.</param>
    /// <param name="duration">The business time to add; zero returns <paramref name="start"/>.</param>
    /// <returns>The due instant (a target met exactly at closing time is due at closing time), or null when the calendar has not enough business time left.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public Instant? AddBusinessTime(Instant start, Duration duration)
    {
        long needed = DurationTicks(duration);
        if (needed == 0)
        {
            return start;
        }

        long due = DueTicks(start.ToUnixTimeTicks(), needed);
        return due == long.MaxValue ? null : Instant.FromUnixTimeTicks(due);
    }

    /// <summary>Returns the earliest instant T at or after <paramref name="start"/> such that the business time in [start, T) outside <paramref name="pauses"/> reaches <paramref name="duration"/>.</summary>
    /// <param name="start">The instant the clock starts.</param>
    /// <param name="duration">The business time to add; zero returns <paramref name="start"/>.</param>
    /// <param name="pauses">Instant ranges in which time does not count, in any order, possibly overlapping; an interval without a start begins at the beginning of time and one without an end is still open.</param>
    /// <returns>The due instant, or null when the calendar has not enough business time left or an open pause begins before the target is reached.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pauses"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public Instant? AddBusinessTime(Instant start, Duration duration, IReadOnlyList<Interval> pauses)
    {
        Guard.Against.Null(pauses);
        long needed = DurationTicks(duration);
        if (needed == 0)
        {
            return start;
        }

        if (pauses.Count == 0)
        {
            long plain = DueTicks(start.ToUnixTimeTicks(), needed);
            return plain == long.MaxValue ? null : Instant.FromUnixTimeTicks(plain);
        }

        // A few pauses is the norm: keep them on the stack so the call allocates nothing.
        int n = pauses.Count;
        Span<long> pauseStarts = n <= MaxStackPauses ? stackalloc long[n] : new long[n];
        Span<long> pauseEnds = n <= MaxStackPauses ? stackalloc long[n] : new long[n];
        int count = NormalizePauses(pauses, pauseStarts, pauseEnds);
        long cursor = start.ToUnixTimeTicks();
        for (int i = 0; i < count; i++)
        {
            if (pauseEnds[i] <= cursor)
            {
                continue;
            }

            if (pauseStarts[i] > cursor)
            {
                long available = ElapsedTicks(cursor, pauseStarts[i]);
                if (available >= needed)
                {
                    return Instant.FromUnixTimeTicks(DueTicks(cursor, needed));
                }

                needed -= available;
            }

            if (pauseEnds[i] == long.MaxValue)
            {
                return null;
            }

            cursor = pauseEnds[i];
        }

        long due = DueTicks(cursor, needed);
        return due == long.MaxValue ? null : Instant.FromUnixTimeTicks(due);
    }

    /// <summary>Returns the business time in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="from">The start of the range, inclusive.</param>
    /// <param name="to">The end of the range, exclusive; not before <paramref name="from"/>.</param>
    /// <returns>The business time; zero when <paramref name="from"/> equals <paramref name="to"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public Duration BusinessTimeBetween(Instant from, Instant to)
    {
        CheckRange(from, to);
        return Duration.FromTicks(ElapsedTicks(from.ToUnixTimeTicks(), to.ToUnixTimeTicks()));
    }

    /// <summary>Returns the business time in [<paramref name="from"/>, <paramref name="to"/>) outside <paramref name="pauses"/>.</summary>
    /// <param name="from">The start of the range, inclusive.</param>
    /// <param name="to">The end of the range, exclusive; not before <paramref name="from"/>.</param>
    /// <param name="pauses">Instant ranges in which time does not count, in any order, possibly overlapping; an interval without a start begins at the beginning of time and one without an end is still open.</param>
    /// <returns>The business time outside the pauses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pauses"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public Duration BusinessTimeBetween(Instant from, Instant to, IReadOnlyList<Interval> pauses)
    {
        Guard.Against.Null(pauses);
        CheckRange(from, to);
        long a = from.ToUnixTimeTicks(), b = to.ToUnixTimeTicks();
        long total = ElapsedTicks(a, b);
        if (pauses.Count == 0 || total == 0)
        {
            return Duration.FromTicks(total);
        }

        int n = pauses.Count;
        Span<long> pauseStarts = n <= MaxStackPauses ? stackalloc long[n] : new long[n];
        Span<long> pauseEnds = n <= MaxStackPauses ? stackalloc long[n] : new long[n];
        int count = NormalizePauses(pauses, pauseStarts, pauseEnds);
        for (int i = 0; i < count; i++)
        {
            long s = Math.Max(a, pauseStarts[i]), e = Math.Min(b, pauseEnds[i]);
            if (s < e)
            {
                total -= ElapsedTicks(s, e);
            }
        }

        return Duration.FromTicks(total);
    }

    /// <summary>Returns the business ticks in [a, b), a &lt;= b.</summary>
    internal long ElapsedTicks(long a, long b)
    {
        a = Math.Max(a, MinTicks);
        b = Math.Min(b, Math.Min(MaxTicks, _horizon));
        if (a >= b)
        {
            return 0;
        }

        YearTable first = TableAt(a);
        if (b <= first.YearEnd)
        {
            return first.BusinessBefore(b) - first.BusinessBefore(a);
        }

        int ya = YearOf(first.YearStart), yb = YearOf(b - 1);
        long total = first.Total - first.BusinessBefore(a);
        for (int y = ya + 1; y < yb; y++)
        {
            total += GetYear(y).Total;
        }

        return total + GetYear(yb).BusinessBefore(b);
    }

    /// <summary>Returns the due instant in ticks for needed &gt; 0 business ticks from start, or long.MaxValue when there are not enough.</summary>
    internal long DueTicks(long start, long needed)
    {
        start = Math.Max(start, MinTicks);
        long horizon = Math.Min(_horizon, MaxTicks);

        // Business time before the horizon is at most its wall-clock length: a larger target is never met.
        if (start >= horizon || needed > horizon - start)
        {
            return long.MaxValue;
        }

        YearTable table = TableAt(start);
        long before = table.BusinessBefore(start, out int started);
        while (true)
        {
            long available = table.Total - before;
            if (available >= needed)
            {
                return table.InstantAtBusiness(before + needed, started);
            }

            needed -= available;
            if (table.YearEnd >= horizon)
            {
                return long.MaxValue;
            }

            table = GetYear(YearOf(table.YearEnd));
            before = 0;
            started = 0;
        }
    }

    // The table of the year holding the instant (within the supported years).
    private YearTable TableAt(long ticks)
    {
        YearTable? recent = Volatile.Read(ref _recent);
        if (recent is not null && ticks >= recent.YearStart && ticks < recent.YearEnd)
        {
            return recent;
        }

        YearTable table = GetYear(YearOf(ticks));
        Volatile.Write(ref _recent, table);
        return table;
    }

    internal YearTable GetYear(int year)
    {
        int index = year - MinYear;
        ref YearTable?[]? block = ref _blocks[index >> BlockShift];
        YearTable?[] tables = block ?? Publish(ref block, new YearTable?[BlockSize]);
        return tables[index & (BlockSize - 1)] ?? Publish(ref tables[index & (BlockSize - 1)], BuildYear(year));
    }

    private static T Publish<T>(ref T? slot, T value)
        where T : class => Interlocked.CompareExchange(ref slot, value, null) ?? value;

    internal YearTable BuildYear(int year)
    {
        long yearStart = YearStartTicks(year), yearEnd = YearStartTicks(year + 1);
        var starts = new List<long>();
        var ends = new List<long>();
        for (int v = 0; v < _versionStarts.Length; v++)
        {
            long lo = Math.Max(yearStart, _versionStarts[v]);
            long hi = Math.Min(yearEnd, v + 1 < _versionStarts.Length ? _versionStarts[v + 1] : long.MaxValue);
            if (lo < hi && _versionRules[v] is { } rules)
            {
                rules.Collect(lo, hi, starts, ends);
            }
        }

        return new YearTable(yearStart, yearEnd, [.. starts], [.. ends]);
    }

    private static readonly LocalDate LastDateWithHorizon = LocalDate.MaxIsoValue.PlusDays(-3);

    private long ComputeHorizon()
    {
        long horizon = long.MinValue;
        for (int v = 0; v < _versionStarts.Length; v++)
        {
            long end = v + 1 < _versionStarts.Length ? _versionStarts[v + 1] : long.MaxValue;
            if (_versionRules[v] is not { } rules)
            {
                continue;
            }

            long rulesHorizon = rules.HasWeeklyHours ? long.MaxValue
                : rules.LastExceptionDateWithHours is { } last
                    // An interval anchored on the last date ends before its D+2 00:00 local, at most 18 h off UTC; three days
                    // after the last representable dates is past the end of time, so those are open to the end of time.
                    ? (last < LastDateWithHorizon ? last.PlusDays(3).AtMidnight().InUtc().ToInstant().ToUnixTimeTicks() : Instant.MaxValue.ToUnixTimeTicks())
                    : long.MinValue;
            horizon = Math.Max(horizon, Math.Min(end, rulesHorizon));
        }

        return horizon;
    }

    private static int NormalizePauses(IReadOnlyList<Interval> pauses, Span<long> starts, Span<long> ends)
    {
        int n = pauses.Count;
        for (int i = 0; i < n; i++)
        {
            Interval p = pauses[i];
            starts[i] = p.HasStart ? p.Start.ToUnixTimeTicks() : long.MinValue;
            ends[i] = p.HasEnd ? p.End.ToUnixTimeTicks() : long.MaxValue;
        }

        starts.Sort(ends);

        // Union in place: overlapping or touching pauses become one.
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            if (count > 0 && starts[i] <= ends[count - 1])
            {
                ends[count - 1] = Math.Max(ends[count - 1], ends[i]);
            }
            else
            {
                starts[count] = starts[i];
                ends[count] = ends[i];
                count++;
            }
        }

        return count;
    }

    private static long DurationTicks(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The business time to add cannot be negative.");
        }

        // No calendar holds more business time than the supported range; a longer target is never met.
        if (duration >= MaxSupportedDuration)
        {
            return long.MaxValue;
        }

        long ticks = duration.BclCompatibleTicks;
        return Duration.FromTicks(ticks) < duration ? ticks + 1 : ticks;
    }

    private static void CheckRange(Instant from, Instant to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The end of the range cannot be before its start ({from}).");
        }
    }

    internal static long YearStartTicks(int year) => DaysFromCivil(year) * TicksPerDay;

    // Howard Hinnant's civil-calendar algorithms, relative to 1970-01-01 (proleptic Gregorian, like NodaTime's ISO).
    private static long DaysFromCivil(int year)
    {
        long y = year - 1; // January 1st counts in the previous March-based year.
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        const long doy = 306; // January 1st is day 306 of a March-based year.
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    internal static int YearOf(long ticks)
    {
        long days = (ticks >= 0 ? ticks : ticks - (TicksPerDay - 1)) / TicksPerDay + 719468;
        long era = (days >= 0 ? days : days - 146096) / 146097;
        long doe = days - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        return (int)(yoe + era * 400 + (mp >= 10 ? 1 : 0));
    }
}
