using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Configures the draft post-incident reviews made when incidents resolve (<see cref="Automations.ReviewDraftAutomation"/>):
/// which priorities get one, when it is due and the zone its timeline is shown in.</summary>
/// <threadsafety>Instances are mutable until handed to the automation, which copies what it needs.</threadsafety>
public sealed class ReviewDraftOptions
{
    /// <summary>Gets or sets the due rule: an incident whose priority has a deadline in it gets a draft when it resolves, due by it.</summary>
    /// <value>The default value is <see cref="ReviewDueRule.Default"/>: P1 within 3 calendar days, P2 within 5 business days.</value>
    public ReviewDueRule DueRule { get; set; } = ReviewDueRule.Default;

    /// <summary>Gets or sets the calendar business-day deadlines are counted on.</summary>
    /// <value>The default value is <see cref="BusinessCalendar.AlwaysOpen"/>.</value>
    public BusinessCalendar Calendar { get; set; } = BusinessCalendar.AlwaysOpen;

    /// <summary>Gets or sets the zone the draft's timeline is shown in.</summary>
    /// <value>The default value is UTC.</value>
    public DateTimeZone TimeZone { get; set; } = DateTimeZone.Utc;

    /// <summary>Gets or sets whether exercises get a draft too.</summary>
    /// <value>The default value is <see langword="false"/>: a drill is reviewed by its own tabletop, not as a real incident.</value>
    public bool IncludeExercises { get; set; }

    /// <summary>Returns every problem with the options, each naming its property; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (DueRule is null)
        {
            problems.Add($"{nameof(DueRule)} must be set (ReviewDueRule.None makes no drafts).");
        }

        if (Calendar is null)
        {
            problems.Add($"{nameof(Calendar)} must be set.");
        }

        if (TimeZone is null)
        {
            problems.Add($"{nameof(TimeZone)} must be set.");
        }

        return problems;
    }
}
