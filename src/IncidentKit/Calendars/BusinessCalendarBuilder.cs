using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Calendars;

/// <summary>Assembles a <see cref="BusinessCalendar"/> from a time zone, weekly hours, holidays, exceptions and effective-dated versions.</summary>
/// <remarks>
/// Intervals are written as in JSON: "HH:mm-HH:mm" (seconds optional), "24:00" as an end meaning the next day's
/// 00:00, and an end before the start for an overnight interval. The builder's own rules are in force from the
/// beginning of time until the first version added with <see cref="AddVersion(Instant, BusinessCalendar)"/>.
/// Nothing is validated until <see cref="Build"/>, which lists every problem at once.
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; the calendar it builds is immutable.</threadsafety>
public sealed class BusinessCalendarBuilder
{
    private readonly string? _timeZoneId;
    private readonly DateTimeZone? _timeZone;
    private readonly Dictionary<IsoDayOfWeek, string?[]> _weekly = [];
    private readonly HashSet<LocalDate> _holidays = [];
    private readonly Dictionary<LocalDate, string?[]> _exceptions = [];
    private readonly List<(Instant EffectiveFrom, BusinessCalendar Calendar)> _versions = [];

    /// <summary>Initializes a builder for a calendar in the IANA time zone named <paramref name="timeZoneId"/>.</summary>
    /// <param name="timeZoneId">An IANA zone id such as "Europe/London", looked up in <see cref="DateTimeZoneProviders.Tzdb"/> when the calendar is built.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeZoneId"/> is null.</exception>
    public BusinessCalendarBuilder(string timeZoneId)
    {
        _timeZoneId = Guard.Against.Null(timeZoneId);
    }

    /// <summary>Initializes a builder for a calendar in <paramref name="timeZone"/>.</summary>
    /// <param name="timeZone">The zone whose wall clock the hours, holidays and exceptions are read on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeZone"/> is null.</exception>
    public BusinessCalendarBuilder(DateTimeZone timeZone)
    {
        _timeZone = Guard.Against.Null(timeZone);
    }

    /// <summary>Sets the business hours of every <paramref name="day"/>, replacing any set before.</summary>
    /// <param name="day">The weekday.</param>
    /// <param name="intervals">Intervals such as "09:00-12:30", "13:30-17:30", "22:00-06:00" or "00:00-24:00"; none closes the day.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="day"/> is not Monday to Sunday.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="intervals"/> is null.</exception>
    public BusinessCalendarBuilder SetHours(IsoDayOfWeek day, params string[] intervals)
    {
        if (day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "The weekday must be Monday to Sunday.");
        }

        _weekly[day] = [.. Guard.Against.Null(intervals)];
        return this;
    }

    /// <summary>Sets the same business hours for Monday to Friday, replacing any set before.</summary>
    /// <param name="intervals">Intervals such as "09:00-17:00"; none closes the weekdays.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="intervals"/> is null.</exception>
    public BusinessCalendarBuilder SetWeekdayHours(params string[] intervals)
    {
        Guard.Against.Null(intervals);
        for (IsoDayOfWeek day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Friday; day++)
        {
            SetHours(day, intervals);
        }

        return this;
    }

    /// <summary>Adds a holiday: every instant from <paramref name="date"/> 00:00 to the next day's 00:00 is closed.</summary>
    /// <param name="date">The local date; adding it twice has no further effect.</param>
    /// <returns>This builder.</returns>
    /// <remarks>The after-midnight tail of the previous day's overnight interval is removed too; a holiday wins over an exception for the same date.</remarks>
    public BusinessCalendarBuilder AddHoliday(LocalDate date)
    {
        _holidays.Add(date);
        return this;
    }

    /// <summary>Sets the business hours of one date, replacing its weekday's hours (and any exception set before for it).</summary>
    /// <param name="date">The local date.</param>
    /// <param name="intervals">Intervals anchored on <paramref name="date"/>; none closes the date.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="intervals"/> is null.</exception>
    public BusinessCalendarBuilder SetException(LocalDate date, params string[] intervals)
    {
        _exceptions[date] = [.. Guard.Against.Null(intervals)];
        return this;
    }

    /// <summary>Adds a version: from <paramref name="effectiveFrom"/> on, instants are judged by <paramref name="calendar"/> (until the next version).</summary>
    /// <param name="effectiveFrom">The first instant the version is in force; versions must be added in strictly increasing order.</param>
    /// <param name="calendar">The calendar in force; if it is itself versioned, its versions in force from <paramref name="effectiveFrom"/> on apply.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    public BusinessCalendarBuilder AddVersion(Instant effectiveFrom, BusinessCalendar calendar)
    {
        _versions.Add((effectiveFrom, Guard.Against.Null(calendar)));
        return this;
    }

    /// <summary>Validates the input and returns the immutable calendar.</summary>
    /// <returns>The calendar.</returns>
    /// <exception cref="CalendarFormatException">The zone is unknown, an interval is invalid or versions are out of order; every problem is listed with its location.</exception>
    public BusinessCalendar Build()
    {
        var problems = new List<string>();
        DateTimeZone? zone = _timeZone ?? DateTimeZoneProviders.Tzdb.GetZoneOrNull(_timeZoneId!);
        if (zone is null)
        {
            problems.Add($"timeZone: unknown time zone '{_timeZoneId}' (expected an IANA id such as \"Europe/London\").");
        }

        var weekly = new LocalSpan[7][];
        for (int d = 0; d < 7; d++)
        {
            IsoDayOfWeek day = (IsoDayOfWeek)(d + 1);
            weekly[d] = _weekly.TryGetValue(day, out string?[]? items)
                ? CalendarAssembly.ParseSpans(items, "weekly." + CalendarAssembly.DayName(day), problems)
                : [];
        }

        var exceptions = new Dictionary<LocalDate, LocalSpan[]>();
        foreach ((LocalDate date, string?[] items) in _exceptions.OrderBy(e => e.Key))
        {
            exceptions[date] = CalendarAssembly.ParseSpans(items, "exceptions." + date.ToString("uuuu-MM-dd", null), problems);
        }

        for (int i = 1; i < _versions.Count; i++)
        {
            if (_versions[i].EffectiveFrom <= _versions[i - 1].EffectiveFrom)
            {
                problems.Add($"versions[{i}].effectiveFrom: {_versions[i].EffectiveFrom} is not after the previous version's {_versions[i - 1].EffectiveFrom} (versions must be added in strictly increasing order).");
            }
        }

        if (problems.Count > 0)
        {
            throw new CalendarFormatException(problems);
        }

        BusinessCalendar own = CalendarAssembly.Single(new CalendarRules(zone!, weekly, exceptions, [.. _holidays]));
        if (_versions.Count == 0)
        {
            return own;
        }

        var parts = new List<(long, BusinessCalendar)>(_versions.Count + 1) { (long.MinValue, own) };
        foreach ((Instant effectiveFrom, BusinessCalendar calendar) in _versions)
        {
            parts.Add((effectiveFrom.ToUnixTimeTicks(), calendar));
        }

        return CalendarAssembly.Combine(parts);
    }
}
