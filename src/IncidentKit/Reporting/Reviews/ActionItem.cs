using Ardalis.GuardClauses;
using IncidentKit.Calendars;
using IncidentKit.Guards;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Tracks one follow-up from a post-incident review: what, who owns it, when it is due, its status and its ticket.</summary>
/// <remarks>An item is overdue from <see cref="DueAt"/> (the end of its due date) while it is open or in progress; the worker then
/// reminds its owner once per due instant (a moved due date reminds again).</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ActionItem
{
    /// <summary>The most characters a title may have.</summary>
    public const int MaxTitleLength = 500;

    /// <summary>Initializes an item; prefer <see cref="Plan"/>, which counts the due date in business days.</summary>
    /// <param name="id">The item's id, unique within its review.</param>
    /// <param name="title">What to do: one line, 1 to <see cref="MaxTitleLength"/> characters.</param>
    /// <param name="owner">Who does it.</param>
    /// <param name="dueOn">The due date, in the calendar's zone.</param>
    /// <param name="dueAt">The instant the due date ends: from then on an unfinished item is overdue.</param>
    /// <param name="status">The status.</param>
    /// <param name="ticket">The item in an external tracker (an absolute http or https address), or null.</param>
    /// <exception cref="ArgumentException">The id or owner is unset, the title is invalid, or the ticket is not an absolute http(s) address.</exception>
    public ActionItem(Guid id, string title, UserId owner, LocalDate dueOn, Instant dueAt, ActionItemStatus status, Uri? ticket)
    {
        Id = Guard.Against.Default(id);
        Title = Guard.Against.InvalidLine(title, MaxTitleLength);
        Owner = Guard.Against.Unset(owner);
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Expected Open, InProgress, Done or Cancelled.");
        }

        if (ticket is not null && !(ticket.IsAbsoluteUri && (ticket.Scheme == Uri.UriSchemeHttps || ticket.Scheme == Uri.UriSchemeHttp)))
        {
            throw new ArgumentException($"A ticket link must be an absolute http or https address, but was '{ticket}'.", nameof(ticket));
        }

        DueOn = dueOn;
        DueAt = dueAt;
        Status = status;
        Ticket = ticket;
    }

    /// <summary>Gets the item's id, unique within its review.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets what to do.</summary>
    public string Title { get; init; }

    /// <summary>Gets who does it.</summary>
    public UserId Owner { get; init; }

    /// <summary>Gets the due date, in the calendar's zone.</summary>
    public LocalDate DueOn { get; init; }

    /// <summary>Gets the instant the due date ends.</summary>
    public Instant DueAt { get; init; }

    /// <summary>Gets the status.</summary>
    public ActionItemStatus Status { get; init; }

    /// <summary>Gets the item in an external tracker, or null.</summary>
    public Uri? Ticket { get; init; }

    /// <summary>Gets whether the item still needs doing (open or in progress).</summary>
    public bool IsPending => Status is ActionItemStatus.Open or ActionItemStatus.InProgress;

    /// <summary>Plans an open item due a number of business days after an instant.</summary>
    /// <param name="id">The item's id.</param>
    /// <param name="title">What to do.</param>
    /// <param name="owner">Who does it.</param>
    /// <param name="from">When the item is planned; business days count from the day after its date.</param>
    /// <param name="businessDays">How many business days it has: 1 to <see cref="BusinessDays.MaxDays"/>.</param>
    /// <param name="calendar">The calendar business days are counted on.</param>
    /// <param name="ticket">The item in an external tracker, or null.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentException">An argument is invalid (see the constructor and <see cref="BusinessDays.Add"/>).</exception>
    public static ActionItem Plan(Guid id, string title, UserId owner, Instant from, int businessDays, BusinessCalendar calendar, Uri? ticket = null)
    {
        var (date, endsAt) = BusinessDays.Add(calendar, from, businessDays);
        return new ActionItem(id, title, owner, date, endsAt, ActionItemStatus.Open, ticket);
    }

    /// <summary>Returns whether the item is overdue at an instant: still pending and its due date has ended.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> when overdue.</returns>
    public bool IsOverdueAt(Instant now) => IsPending && now >= DueAt;
}
