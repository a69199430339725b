using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Divides a person's local week into business, off and sleep hours, to tell how much paging disturbs them.</summary>
/// <remarks>
/// <para>Sleep hours come first: a local time in [<see cref="SleepStart"/>, <see cref="SleepEnd"/>) on any day is sleep (the
/// window wraps past midnight when the start is later than the end). Otherwise a local time in [<see cref="BusinessStart"/>,
/// <see cref="BusinessEnd"/>) on one of <see cref="BusinessDays"/> is business; everything else is off hours. The defaults
/// follow PagerDuty's operational reviews for business hours (08:00–18:00, Monday to Friday) with sleep from 22:00 to 07:00.</para>
/// <para>Holidays are not consulted: a page on a public holiday at 10:00 counts as business hours.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record WorkingHours
{
    private static readonly IsoDayOfWeek[] Weekdays =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    /// <summary>Gets the local time business hours begin.</summary>
    /// <value>The default value is 08:00.</value>
    public LocalTime BusinessStart { get; init; } = new(8, 0);

    /// <summary>Gets the local time business hours end (exclusive); must be later than <see cref="BusinessStart"/>.</summary>
    /// <value>The default value is 18:00.</value>
    public LocalTime BusinessEnd { get; init; } = new(18, 0);

    /// <summary>Gets the days that have business hours.</summary>
    /// <value>The default value is Monday to Friday.</value>
    public IReadOnlyList<IsoDayOfWeek> BusinessDays { get; init; } = Weekdays;

    /// <summary>Gets the local time sleep hours begin.</summary>
    /// <value>The default value is 22:00.</value>
    public LocalTime SleepStart { get; init; } = new(22, 0);

    /// <summary>Gets the local time sleep hours end (exclusive); earlier than <see cref="SleepStart"/> to wrap past midnight.</summary>
    /// <value>The default value is 07:00.</value>
    public LocalTime SleepEnd { get; init; } = new(7, 0);

    /// <summary>Gets the default hours.</summary>
    public static WorkingHours Default { get; } = new();

    /// <summary>Returns which part of the day a local date and time falls in.</summary>
    /// <param name="local">The person's local date and time.</param>
    /// <returns>Sleep, business or off hours.</returns>
    public PageHours Classify(LocalDateTime local) => Classify(local.TimeOfDay, BusinessDays.Contains(local.DayOfWeek));

    // The same, from the time of day and whether the day is one of BusinessDays (the report works these out from an offset).
    internal PageHours Classify(LocalTime time, bool businessDay)
    {
        var asleep = SleepStart <= SleepEnd
            ? time >= SleepStart && time < SleepEnd
            : time >= SleepStart || time < SleepEnd;
        if (asleep)
        {
            return PageHours.Sleep;
        }

        return businessDay && time >= BusinessStart && time < BusinessEnd ? PageHours.Business : PageHours.Off;
    }

    internal void Validate(string parameterName)
    {
        if (BusinessEnd <= BusinessStart)
        {
            throw new ArgumentException($"{nameof(WorkingHours)}.{nameof(BusinessEnd)} ({BusinessEnd:HH:mm}) must be later than {nameof(BusinessStart)} ({BusinessStart:HH:mm}).", parameterName);
        }

        if (SleepStart == SleepEnd)
        {
            throw new ArgumentException($"{nameof(WorkingHours)}.{nameof(SleepStart)} and {nameof(SleepEnd)} are both {SleepStart:HH:mm}; give a window (or the same as business hours to mean no sleep) of at least one minute.", parameterName);
        }

        if (BusinessDays is null || BusinessDays.Any(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday))
        {
            throw new ArgumentException($"{nameof(WorkingHours)}.{nameof(BusinessDays)} must list days from Monday to Sunday.", parameterName);
        }
    }
}
