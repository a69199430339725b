using IncidentKit.Calendars;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Holds the instants and counts one incident's history yields for metrics, and the durations measured from them.</summary>
/// <remarks>
/// <para>The clocks, as the metrics define them (see docs/reporting.md):</para>
/// <list type="bullet">
/// <item><description>Time to detect: from the earliest <see cref="AlertLinked.AlertStartsAt"/> at or before the opening to the opening.
/// Only an alert that had started by the opening started the incident.</description></item>
/// <item><description>Time to acknowledge: from the opening to the first <see cref="IncidentAcknowledged"/> or <see cref="WorkStarted"/>
/// (PagerDuty's MTTA: triggered to first acknowledged). A reopen does not restart it.</description></item>
/// <item><description>Time to resolve: from the opening to the last <see cref="IncidentResolved"/>, while the incident is resolved or
/// closed (PagerDuty's MTTR: triggered to resolved). A reopen therefore extends it; a reopened incident that is open again has
/// none; a cancelled incident never has one. Wall-clock time includes holds.</description></item>
/// <item><description>Business time: the same clocks measured on a <see cref="BusinessCalendar"/>; time to resolve in business time
/// also leaves out the holds (<see cref="IncidentPutOnHold"/> to <see cref="IncidentResumed"/>), as SLA clocks do.</description></item>
/// </list>
/// <para>Grouping values (priority, category, service, team) are the incident's latest ones in the history.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentTimes
{
    /// <summary>Gets the incident's id.</summary>
    public required IncidentId Id { get; init; }

    /// <summary>Gets the one-line summary.</summary>
    public required string Title { get; init; }

    /// <summary>Gets whether the incident is an exercise.</summary>
    public bool IsExercise { get; init; }

    /// <summary>Gets the latest priority.</summary>
    public Priority Priority { get; init; }

    /// <summary>Gets the latest category, if any.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the affected service, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets the latest assignment group (the team), if any.</summary>
    public string? Team { get; init; }

    /// <summary>Gets when the incident was opened.</summary>
    public Instant OpenedAt { get; init; }

    /// <summary>Gets when the earliest alert that started the incident began firing, if an alert started it.</summary>
    public Instant? AlertStartedAt { get; init; }

    /// <summary>Gets when it was first acknowledged (or work started), if it has been.</summary>
    public Instant? FirstAcknowledgedAt { get; init; }

    /// <summary>Gets when it was first resolved, if it has been.</summary>
    public Instant? FirstResolvedAt { get; init; }

    /// <summary>Gets when it was last resolved, while it is resolved or closed.</summary>
    public Instant? ResolvedAt { get; init; }

    /// <summary>Gets when it was cancelled, if it was.</summary>
    public Instant? CancelledAt { get; init; }

    /// <summary>Gets the number of reopenings.</summary>
    public int ReopenCount { get; init; }

    /// <summary>Gets the deepest escalation level that fired (0 when none did).</summary>
    public int EscalationDepth { get; init; }

    /// <summary>Gets the number of manual escalations.</summary>
    public int ManualEscalations { get; init; }

    /// <summary>Gets the number of pages sent (one per person per escalation step).</summary>
    public int Pages { get; init; }

    /// <summary>Gets the number of SLA clocks met.</summary>
    public int SlaMet { get; init; }

    /// <summary>Gets the number of SLA clocks breached.</summary>
    public int SlaBreached { get; init; }

    /// <summary>Gets the holds, oldest first: on hold to resumed (or to the resolution that ended a hold).</summary>
    public IReadOnlyList<Interval> Holds { get; init; } = [];

    /// <summary>Gets the time from the alert's start to the opening, if an alert started the incident.</summary>
    public Duration? TimeToDetect => AlertStartedAt is { } s ? OpenedAt - s : null;

    /// <summary>Gets the time from the opening to the first acknowledgement, if there was one.</summary>
    public Duration? TimeToAcknowledge => FirstAcknowledgedAt is { } a ? a - OpenedAt : null;

    /// <summary>Gets the time from the opening to the last resolution, while the incident is resolved or closed.</summary>
    public Duration? TimeToResolve => ResolvedAt is { } r ? r - OpenedAt : null;

    /// <summary>Gets the total time spent on hold.</summary>
    public Duration HoldTime => Holds.Aggregate(Duration.Zero, (sum, h) => sum + h.Duration);

    /// <summary>Returns the business time from the opening to the first acknowledgement on a calendar.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <returns>The business time, or <see langword="null"/> when it has not been acknowledged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    public Duration? BusinessTimeToAcknowledge(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return FirstAcknowledgedAt is { } a ? calendar.BusinessTimeBetween(OpenedAt, a) : null;
    }

    /// <summary>Returns the business time from the opening to the last resolution on a calendar, holds left out.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <returns>The business time, or <see langword="null"/> when it is not resolved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    public Duration? BusinessTimeToResolve(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return ResolvedAt is { } r ? IncidentMetricsAccumulator.BusinessTime(calendar, OpenedAt, r, Holds) : null;
    }

    /// <summary>Measures one incident's history.</summary>
    /// <param name="events">The incident's events, oldest first, starting with <see cref="IncidentOpened"/>.</param>
    /// <returns>The times.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> does not start with <see cref="IncidentOpened"/>.</exception>
    public static IncidentTimes Of(IReadOnlyList<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fold = new IncidentFold();
        return fold.Fold(events)
            ? From(fold)
            : throw new ArgumentException($"An incident's stream starts with {nameof(IncidentOpened)}.", nameof(events));
    }

    internal static IncidentTimes From(IncidentFold f) => new()
    {
        Id = f.Id,
        Title = f.Title,
        IsExercise = f.IsExercise,
        Priority = f.Priority,
        Category = f.Category,
        Service = f.Service,
        Team = f.Team,
        OpenedAt = f.OpenedAt,
        AlertStartedAt = f.AlertStartedAt,
        FirstAcknowledgedAt = f.FirstAcknowledgedAt,
        FirstResolvedAt = f.FirstResolvedAt,
        ResolvedAt = f.ResolvedAt,
        CancelledAt = f.CancelledAt,
        ReopenCount = f.ReopenCount,
        EscalationDepth = f.EscalationDepth,
        ManualEscalations = f.ManualEscalations,
        Pages = f.Pages.Count,
        SlaMet = f.SlaOutcomes.Values.Count(met => met),
        SlaBreached = f.SlaOutcomes.Values.Count(met => !met),
        Holds = [.. f.Holds],
    };
}
