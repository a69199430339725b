using Ardalis.GuardClauses;
using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Holds what generating a review needs besides the incident's history: the reader's zone, the calendar, the due rule and the instant.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewContext
{
    /// <summary>Initializes a context.</summary>
    /// <param name="readerZone">The zone the timeline is shown in.</param>
    /// <param name="generatedAt">When the review is generated.</param>
    /// <exception cref="ArgumentNullException"><paramref name="readerZone"/> is null.</exception>
    public ReviewContext(DateTimeZone readerZone, Instant generatedAt)
    {
        ReaderZone = Guard.Against.Null(readerZone);
        GeneratedAt = generatedAt;
    }

    /// <summary>Gets the zone the timeline is shown in.</summary>
    public DateTimeZone ReaderZone { get; init; }

    /// <summary>Gets when the review is generated.</summary>
    public Instant GeneratedAt { get; init; }

    /// <summary>Gets the calendar the review's business-day due date is counted on.</summary>
    /// <value>The default value is <see cref="BusinessCalendar.AlwaysOpen"/>.</value>
    public BusinessCalendar Calendar { get; init; } = BusinessCalendar.AlwaysOpen;

    /// <summary>Gets the rule that says when the review is due after resolution.</summary>
    /// <value>The default value is <see cref="ReviewDueRule.Default"/>.</value>
    public ReviewDueRule DueRule { get; init; } = ReviewDueRule.Default;
}
