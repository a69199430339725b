using Ardalis.GuardClauses;
using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Counts whole business days on a <see cref="BusinessCalendar"/>: the unit of action items' and reviews' due dates.</summary>
/// <remarks>A business day is a local date, in the zone of the calendar version in force at that date's start, that holds some
/// business time. Counting starts on the day after the start instant's date, so "1 business day" after a Friday afternoon on a
/// Monday-to-Friday calendar is Monday, and the deadline is the end of that day (the next local midnight).</remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class BusinessDays
{
    /// <summary>The most business days that can be counted.</summary>
    public const int MaxDays = 366;

    // About five years of calendar days: a calendar with fewer business days than asked for in that span is treated as closed.
    private const int MaxScan = 5 * 366 + MaxDays;

    /// <summary>Returns the date that is <paramref name="days"/> business days after <paramref name="start"/>'s date, and the instant that date ends.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <param name="start">The instant counting starts from.</param>
    /// <param name="days">How many business days: 1 to <see cref="MaxDays"/>.</param>
    /// <returns>The due date and the instant it ends (the first instant of the next local date).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is outside 1 to <see cref="MaxDays"/>.</exception>
    /// <exception cref="ArgumentException">The calendar has fewer than <paramref name="days"/> business days in the following five years.</exception>
    public static (LocalDate Date, Instant EndsAt) Add(BusinessCalendar calendar, Instant start, int days)
    {
        Guard.Against.Null(calendar);
        Guard.Against.OutOfRange(days, nameof(days), 1, MaxDays, $"Expected 1 to {MaxDays} business days.");
        var date = start.InZone(ZoneAt(calendar, start)).Date;
        var found = 0;
        for (var i = 0; i < MaxScan; i++)
        {
            date = date.PlusDays(1);
            var (dayStart, dayEnd) = Bounds(calendar, date);
            if (calendar.BusinessTimeBetween(dayStart, dayEnd) > Duration.Zero && ++found == days)
            {
                return (date, dayEnd);
            }
        }

        throw new ArgumentException($"The calendar has fewer than {days} business days in the five years after {start}.", nameof(calendar));
    }

    /// <summary>Returns the time zone of the calendar version in force at an instant (UTC where no version is in force).</summary>
    /// <param name="calendar">The calendar.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The zone.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    public static DateTimeZone ZoneAt(BusinessCalendar calendar, Instant at)
    {
        Guard.Against.Null(calendar);
        var ticks = at.ToUnixTimeTicks();
        for (var i = calendar.VersionCount - 1; i >= 0; i--)
        {
            if (calendar.VersionStart(i) <= ticks)
            {
                return calendar.VersionRules(i)?.Zone ?? DateTimeZone.Utc;
            }
        }

        return calendar.VersionCount > 0 ? calendar.VersionRules(0)?.Zone ?? DateTimeZone.Utc : DateTimeZone.Utc;
    }

    private static (Instant Start, Instant End) Bounds(BusinessCalendar calendar, LocalDate date)
    {
        var zone = ZoneAt(calendar, date.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
        return (date.AtStartOfDayInZone(zone).ToInstant(), date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
    }
}
