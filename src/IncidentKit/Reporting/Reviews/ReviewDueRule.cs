using Ardalis.GuardClauses;
using IncidentKit.Calendars;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Says, per priority, when a post-incident review is due after an incident is resolved; priorities without a deadline
/// need no review.</summary>
/// <remarks>The default (<see cref="Default"/>) asks a P1 review within 3 calendar days and a P2 review within 5 business days.
/// Calendar days are 24-hour days from the resolution instant; business days end at the local midnight ending the n-th
/// business day after the resolution's date (<see cref="BusinessDays"/>).</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class ReviewDueRule
{
    private readonly IReadOnlyDictionary<Priority, ReviewDeadline> _deadlines;

    private ReviewDueRule(IReadOnlyDictionary<Priority, ReviewDeadline> deadlines) => _deadlines = deadlines;

    /// <summary>Gets the rule with no deadlines: no review is ever due.</summary>
    public static ReviewDueRule None { get; } = new(new Dictionary<Priority, ReviewDeadline>());

    /// <summary>Gets the default rule: P1 within 3 calendar days, P2 within 5 business days, no review for other priorities.</summary>
    public static ReviewDueRule Default { get; } = None
        .WithDeadline(Priority.P1, ReviewDeadline.CalendarDays(3))
        .WithDeadline(Priority.P2, ReviewDeadline.BusinessDaysAfter(5));

    /// <summary>Gets the deadlines per priority.</summary>
    public IReadOnlyDictionary<Priority, ReviewDeadline> Deadlines => _deadlines;

    /// <summary>Returns a rule with a priority's deadline set (or replaced).</summary>
    /// <param name="priority">The priority.</param>
    /// <param name="deadline">The deadline.</param>
    /// <returns>The new rule.</returns>
    /// <exception cref="ArgumentException"><paramref name="priority"/> or <paramref name="deadline"/> is unset.</exception>
    public ReviewDueRule WithDeadline(Priority priority, ReviewDeadline deadline)
    {
        if (priority.Level == 0)
        {
            throw new ArgumentException("Expected a priority that was set.", nameof(priority));
        }

        if (deadline.Days == 0)
        {
            throw new ArgumentException("Expected a deadline made by ReviewDeadline.CalendarDays or ReviewDeadline.BusinessDaysAfter.", nameof(deadline));
        }

        return new ReviewDueRule(new Dictionary<Priority, ReviewDeadline>(_deadlines) { [priority] = deadline });
    }

    /// <summary>Returns a rule without a deadline for a priority: its incidents need no review.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The new rule.</returns>
    public ReviewDueRule WithoutDeadline(Priority priority)
    {
        var copy = new Dictionary<Priority, ReviewDeadline>(_deadlines);
        copy.Remove(priority);
        return new ReviewDueRule(copy);
    }

    /// <summary>Returns when a review of an incident of <paramref name="priority"/> resolved at <paramref name="resolvedAt"/> is due.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <param name="resolvedAt">When it was resolved.</param>
    /// <param name="calendar">The calendar business days are counted on.</param>
    /// <returns>The due instant, or null when the priority needs no review.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    /// <exception cref="ArgumentException">The calendar has too few business days ahead.</exception>
    public Instant? DueAt(Priority priority, Instant resolvedAt, BusinessCalendar calendar)
    {
        Guard.Against.Null(calendar);
        if (!_deadlines.TryGetValue(priority, out var deadline))
        {
            return null;
        }

        return deadline.InBusinessDays
            ? BusinessDays.Add(calendar, resolvedAt, deadline.Days).EndsAt
            : resolvedAt + Duration.FromDays(deadline.Days);
    }
}
