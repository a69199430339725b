using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents a weekly local-time window during which a restricted layer covers, for example Monday 09:00-17:00.</summary>
/// <remarks>
/// The window opens on <see cref="Day"/> at <see cref="Start"/> local time. When <see cref="End"/> is after
/// <see cref="Start"/> it closes the same day; otherwise it closes at <see cref="End"/> on the next day (so Friday
/// 22:00-06:00 covers the night into Saturday, and equal times cover 24 local hours). Local times that are skipped or
/// ambiguous in the schedule's zone map to the first instant at which the zone's clock reads that time or later.
/// </remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct WeeklyWindow
{
    /// <summary>Initializes a weekly window.</summary>
    /// <param name="day">The day of the week on which the window opens.</param>
    /// <param name="start">The local time at which it opens.</param>
    /// <param name="end">The local time at which it closes: the same day if after <paramref name="start"/>, otherwise the next day.</param>
    /// <exception cref="ArgumentException"><paramref name="day"/> is <see cref="IsoDayOfWeek.None"/> or not a day of the week.</exception>
    public WeeklyWindow(IsoDayOfWeek day, LocalTime start, LocalTime end)
    {
        Guard.Against.OutOfRange((int)day, nameof(day), 1, 7, "The day must be Monday to Sunday.");
        Day = day;
        Start = start;
        End = end;
    }

    /// <summary>Gets the day of the week on which the window opens.</summary>
    public IsoDayOfWeek Day { get; }

    /// <summary>Gets the local time at which the window opens.</summary>
    public LocalTime Start { get; }

    /// <summary>Gets the local time at which the window closes (on the next day when not after <see cref="Start"/>).</summary>
    public LocalTime End { get; }

    /// <summary>Gets a value indicating whether the window closes on the day after it opens.</summary>
    public bool EndsNextDay => End <= Start;

    /// <summary>Returns the same window on Monday to Friday.</summary>
    /// <param name="start">The local time at which each window opens.</param>
    /// <param name="end">The local time at which each window closes (the next day when not after <paramref name="start"/>).</param>
    /// <returns>Five windows, Monday first.</returns>
    public static IReadOnlyList<WeeklyWindow> Weekdays(LocalTime start, LocalTime end) =>
        [.. Enumerable.Range(1, 5).Select(d => new WeeklyWindow((IsoDayOfWeek)d, start, end))];

    /// <summary>Returns the same window on every day of the week.</summary>
    /// <param name="start">The local time at which each window opens.</param>
    /// <param name="end">The local time at which each window closes (the next day when not after <paramref name="start"/>).</param>
    /// <returns>Seven windows, Monday first.</returns>
    public static IReadOnlyList<WeeklyWindow> Daily(LocalTime start, LocalTime end) =>
        [.. Enumerable.Range(1, 7).Select(d => new WeeklyWindow((IsoDayOfWeek)d, start, end))];

    /// <summary>Returns a readable form such as <c>Monday 09:00-17:00</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() =>
        $"{Day} {Start.ToString("HH:mm", null)}-{End.ToString("HH:mm", null)}{(EndsNextDay ? " (+1 day)" : string.Empty)}";
}
