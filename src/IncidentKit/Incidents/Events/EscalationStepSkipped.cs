using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an escalation step was due but paged nobody, because its level was already paged in the same cycle.</summary>
/// <remarks>The engine pages each level at most once per cycle (one pass through the policy: a repeat, a reopen or a new snapshot
/// starts another). A trigger that coincides with, or follows, a page of the same level (a timeout and an SLA breach at one instant,
/// an SLA warning when no further functional level exists) is recorded as this event instead of a second page, so the timeline
/// still says why nobody new was paged. A manual escalation is never skipped: a person asked for that level. A skipped step of the timeout walk (<see cref="CauseEventId"/> <see langword="null"/>)
/// moves the walk on exactly as a fired one would, so the timeline keeps its schedule.
/// Its fields are <see langword="init"/> properties (those every such event has are <see langword="required"/>), so the
/// event can gain fields without breaking the code that creates it; the stored JSON is byte for byte what the positional
/// record wrote (same names, same order).</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When the step was decided.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EscalationStepSkipped(Guid EventId, Instant At, UserId Actor) : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the level (1-based) that was not paged again.</summary>
    public required int Level { get; init; }

    /// <summary>Gets the round (1-based) of the policy's walk.</summary>
    public required int Round { get; init; }

    /// <summary>Gets what asked for the step.</summary>
    public required EscalationTrigger Trigger { get; init; }

    /// <summary>Gets when the step was due.</summary>
    public required Instant DueAt { get; init; }

    /// <summary>Gets the event that asked for the step, or <see langword="null"/> for a step of the timeout walk.</summary>
    public Guid? CauseEventId { get; init; }

    /// <summary>Gets why nobody was paged, in words.</summary>
    public required string Reason { get; init; }
}
