using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an escalation started, with a full snapshot of the policy in force.</summary>
/// <remarks>The snapshot, not the policy, drives the escalation from here on: editing the policy later changes nothing in flight.
/// A new snapshot is taken only when the incident is reopened or when a priority raise makes the matrix select another policy or
/// another version of it (see <see cref="EscalationEngine"/>). Starting fires nothing by itself; the starting level's notification
/// is the <see cref="EscalationStepFired"/> event recorded with it.
/// Its fields are <see langword="init"/> properties (those every such event has are <see langword="required"/>), so the
/// event can gain fields without breaking the code that creates it; the stored JSON is byte for byte what the positional
/// record wrote (same names, same order).</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EscalationStarted(Guid EventId, Instant At, UserId Actor) : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the snapshot of the policy in force.</summary>
    public required EscalationPolicySnapshot Policy { get; init; }

    /// <summary>Gets the level (1-based) the escalation starts at.</summary>
    public required int StartLevel { get; init; }

    /// <summary>Gets why it started: <see cref="EscalationTrigger.Started"/>, <see cref="EscalationTrigger.Reopened"/> or <see cref="EscalationTrigger.PriorityRaised"/>.</summary>
    public required EscalationTrigger Trigger { get; init; }

    /// <summary>Gets the matrix rule that selected the policy.</summary>
    public required string RuleName { get; init; }

    /// <summary>Gets the level (1-based) the rule also notifies at once, if any.</summary>
    public int? HierarchicalLevel { get; init; }

    /// <summary>Gets the event that caused a restart (the <see cref="PriorityChanged"/>), if any.</summary>
    public Guid? CauseEventId { get; init; }
}
