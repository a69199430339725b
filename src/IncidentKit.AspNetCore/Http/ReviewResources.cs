using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.AspNetCore.Http;

// The wire shapes of post-incident reviews, action items, problems and recurrence suggestions. The review itself travels in
// the core's own JSON export (ReviewJson), which is what a GET returns; these are the request bodies and the smaller records.

/// <summary>What the review's authors write: everything else is read from the incident's history.</summary>
internal sealed record ReviewRequest(
    UserId? Owner, string? Status, string? Summary, string? RootCause, Instant? MitigatedAt,
    IReadOnlyList<string>? ContributingFactors, IReadOnlyList<string>? WentWell, IReadOnlyList<string>? WentBadly);

/// <summary>A new action item: due on a date (in the review calendar's zone) or a number of business days from now.</summary>
internal sealed record AddActionItemRequest(string? Title, UserId? Owner, string? DueOn, int? BusinessDays, string? Ticket);

/// <summary>Changes to an action item; a field left out keeps its value.</summary>
internal sealed record UpdateActionItemRequest(string? Status, UserId? Owner, string? DueOn, string? Ticket);

/// <summary>One action item with the incident whose review holds it.</summary>
internal sealed record ActionItemResource(Guid Id, IncidentId Incident, string Title, UserId Owner, LocalDate DueOn, Instant DueAt, string Status, string? Ticket, bool Overdue);

/// <summary>A page of action items, earliest due first.</summary>
internal sealed record ActionItemList(IReadOnlyList<ActionItemResource> Items);

/// <summary>A problem record as the API shows it, with the state moves permitted now.</summary>
internal sealed record ProblemResource(
    Guid Id, long Version, string Title, string State, UserId Owner, string? RootCause, string? Workaround, string? Resolution,
    IReadOnlyList<IncidentId> Incidents, Instant OpenedAt, Instant LastChangedAt, IReadOnlyList<ProblemEntryResource> History,
    IReadOnlyList<string> PermittedMoves);

/// <summary>One entry of a problem's audit trail.</summary>
internal sealed record ProblemEntryResource(Instant At, UserId Actor, string Kind, string? Detail);

/// <summary>A tenant's problems, most recently changed first.</summary>
internal sealed record ProblemList(IReadOnlyList<ProblemResource> Items);

/// <summary>A new problem, typically from a recurrence suggestion's incidents.</summary>
internal sealed record CreateProblemRequest(string? Title, UserId? Owner, IReadOnlyList<IncidentId>? Incidents, string? RootCause, string? Workaround);

/// <summary>Changes to a problem: owner, root cause and workaround, then a state move (with its note: the resolution or the reason to reopen).</summary>
internal sealed record UpdateProblemRequest(UserId? Owner, string? RootCause, string? Workaround, string? State, string? Note);

/// <summary>An incident to link to a problem.</summary>
internal sealed record ProblemIncidentRequest(IncidentId? Incident);

/// <summary>A suggested problem: incidents that recur by service and category or by alert fingerprint, with the evidence.</summary>
internal sealed record ProblemSuggestionResource(
    string Kind, string? Service, string? Category, string? Fingerprint, string SuggestedTitle, IReadOnlyList<IncidentId> Incidents,
    Instant FirstOpenedAt, Instant LastOpenedAt);

/// <summary>The recurrence suggestions over a window.</summary>
internal sealed record ProblemSuggestionList(Instant From, Instant To, IReadOnlyList<ProblemSuggestionResource> Items);
