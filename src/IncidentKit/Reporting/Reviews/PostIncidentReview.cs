using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Holds a post-incident review: what the incident's history says (impact, durations, timeline, paging, SLA outcomes,
/// communications, diagnosis) and what its authors wrote (factors, what went well and badly, action items).</summary>
/// <remarks>Made by <see cref="Generate"/> from the incident's whole history and the authored part; generate again whenever either
/// changes (the history part is never edited by hand). Export it with <see cref="ReviewMarkdown"/> or <see cref="ReviewJson"/>.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed partial record PostIncidentReview
{
    /// <summary>Gets the tenant.</summary>
    public required TenantId Tenant { get; init; }

    /// <summary>Gets the incident.</summary>
    public required IncidentId Incident { get; init; }

    /// <summary>Gets the version of the incident's stream the review was generated from.</summary>
    public required long HistoryVersion { get; init; }

    /// <summary>Gets the incident's title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the incident's priority (the last one set).</summary>
    public required Priority Priority { get; init; }

    /// <summary>Gets the incident's service, or null.</summary>
    public string? Service { get; init; }

    /// <summary>Gets the incident's category (the last one set), or null.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets whether the incident was an exercise.</summary>
    public bool IsExercise { get; init; }

    /// <summary>Gets the incident's state when the review was generated.</summary>
    public required IncidentState State { get; init; }

    /// <summary>Gets when the review was generated.</summary>
    public required Instant GeneratedAt { get; init; }

    /// <summary>Gets the IANA id of the zone the timeline is shown in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Gets when the review is due (per the due rule, from the final resolution); null when none is required or the incident is unresolved.</summary>
    public Instant? DueAt { get; init; }

    /// <summary>Gets who is responsible for the review: the authors' choice, else the incident's last assignee, else null.</summary>
    public UserId? Owner { get; init; }

    /// <summary>Gets the review's status.</summary>
    public required ReviewStatus Status { get; init; }

    /// <summary>Gets the summary: the authors', else a generated one.</summary>
    public required string Summary { get; init; }

    /// <summary>Gets the impact window.</summary>
    public required ImpactWindow Impact { get; init; }

    /// <summary>Gets the headline durations.</summary>
    public required ReviewDurations Durations { get; init; }

    /// <summary>Gets who acknowledged, in order, each once.</summary>
    public required IReadOnlyList<UserId> AcknowledgedBy { get; init; }

    /// <summary>Gets the timeline, oldest first.</summary>
    public required IReadOnlyList<ReviewTimelineEntry> Timeline { get; init; }

    /// <summary>Gets how escalation walked: every page and manual escalation, oldest first.</summary>
    public required IReadOnlyList<ReviewEscalationStep> Escalation { get; init; }

    /// <summary>Gets the runbook attached last and its step timings, or null when no runbook was attached.</summary>
    public ReviewRunbook? Runbook { get; init; }

    /// <summary>Gets the major-incident facts (declaration, stand-down, response roles over time), or null when it never was one.</summary>
    public ReviewMajorIncident? Major { get; init; }

    /// <summary>Gets the SLA outcomes per target and cycle.</summary>
    public required IReadOnlyList<ReviewSlaOutcome> SlaOutcomes { get; init; }

    /// <summary>Gets the status updates sent.</summary>
    public required IReadOnlyList<ReviewCommunication> Communications { get; init; }

    /// <summary>Gets notification outcomes per channel.</summary>
    public required IReadOnlyList<ReviewDeliveries> Deliveries { get; init; }

    /// <summary>Gets the diagnosis entries, oldest first.</summary>
    public required IReadOnlyList<ReviewDiagnosisEntry> Diagnosis { get; init; }

    /// <summary>Gets the root cause: the authors', else the last confirmed root cause of the diagnosis, else null.</summary>
    public string? RootCause { get; init; }

    /// <summary>Gets the contributing factors.</summary>
    public required IReadOnlyList<string> ContributingFactors { get; init; }

    /// <summary>Gets what went well.</summary>
    public required IReadOnlyList<string> WentWell { get; init; }

    /// <summary>Gets what did not go well.</summary>
    public required IReadOnlyList<string> WentBadly { get; init; }

    /// <summary>Gets the action items.</summary>
    public required IReadOnlyList<ActionItem> ActionItems { get; init; }

    /// <summary>Gets the mitigation instant the authors gave, if any.</summary>
    public Instant? MitigatedAt { get; init; }

    /// <summary>Gets whether the review was still a draft when it fell due at an instant.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> when due, past and still in draft.</returns>
    public bool IsOverdueAt(Instant now) => Status == ReviewStatus.Draft && DueAt is { } due && now >= due;

    /// <summary>Returns the authored part of the review, as <see cref="Generate"/> takes it.</summary>
    /// <returns>The authored part.</returns>
    public ReviewAuthoring ToAuthoring() => new()
    {
        Owner = Owner,
        Status = Status,
        Summary = AuthoredSummary,
        RootCause = AuthoredRootCause,
        MitigatedAt = MitigatedAt,
        ContributingFactors = ContributingFactors,
        WentWell = WentWell,
        WentBadly = WentBadly,
        ActionItems = ActionItems,
    };

    /// <summary>Gets the authors' own summary, or null when <see cref="Summary"/> is generated.</summary>
    public string? AuthoredSummary { get; init; }

    /// <summary>Gets the authors' own root cause, or null when <see cref="RootCause"/> comes from the diagnosis.</summary>
    public string? AuthoredRootCause { get; init; }
}
