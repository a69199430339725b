using Ardalis.GuardClauses;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Says how soon after resolution a post-incident review is due: a number of calendar days (of 24 hours) or of business days.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ReviewDeadline
{
    private ReviewDeadline(int days, bool inBusinessDays)
    {
        Days = days;
        InBusinessDays = inBusinessDays;
    }

    /// <summary>Gets the number of days.</summary>
    public int Days { get; }

    /// <summary>Gets whether the days are business days (else calendar days of 24 hours).</summary>
    public bool InBusinessDays { get; }

    /// <summary>Returns a deadline of calendar days: the review is due that many 24-hour days after resolution.</summary>
    /// <param name="days">1 to 366.</param>
    /// <returns>The deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is outside 1 to 366.</exception>
    public static ReviewDeadline CalendarDays(int days) =>
        new(Guard.Against.OutOfRange(days, nameof(days), 1, BusinessDays.MaxDays, "Expected 1 to 366 days."), false);

    /// <summary>Returns a deadline of business days: the review is due at the end of the n-th business day after resolution.</summary>
    /// <param name="days">1 to 366.</param>
    /// <returns>The deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is outside 1 to 366.</exception>
    public static ReviewDeadline BusinessDaysAfter(int days) =>
        new(Guard.Against.OutOfRange(days, nameof(days), 1, BusinessDays.MaxDays, "Expected 1 to 366 days."), true);

    /// <summary>Returns e.g. <c>3 calendar days</c> or <c>5 business days</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Days} {(InBusinessDays ? "business" : "calendar")} days";
}
