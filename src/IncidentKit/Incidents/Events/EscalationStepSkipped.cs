using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an escalation step was due but paged nobody, because its level was already paged in the same cycle.</summary>
/// <remarks>The engine pages each level at most once per cycle (one pass through the policy: a repeat, a reopen or a new snapshot
/// starts another). A trigger that coincides with, or follows, a page of the same level (a timeout and an SLA breach at one instant,
/// an SLA warning when no further functional level exists) is recorded as this event instead of a second page, so the timeline
/// still says why nobody new was paged. A manual escalation is never skipped: a person asked for that level. A skipped step of the timeout walk (<see cref="CauseEventId"/> <see langword="null"/>)
/// moves the walk on exactly as a fired one would, so the timeline keeps its schedule.</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When the step was decided.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Level">The level (1-based) that was not paged again.</param>
/// <param name="Round">The round (1-based) of the policy's walk.</param>
/// <param name="Trigger">What asked for the step.</param>
/// <param name="DueAt">When the step was due.</param>
/// <param name="CauseEventId">The event that asked for the step, or <see langword="null"/> for a step of the timeout walk.</param>
/// <param name="Reason">Why nobody was paged, in words.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EscalationStepSkipped(Guid EventId, Instant At, UserId Actor, int Level, int Round, EscalationTrigger Trigger, Instant DueAt,
    Guid? CauseEventId, string Reason)
    : IncidentEvent(EventId, At, Actor);
