using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an escalation started, with a full snapshot of the policy in force.</summary>
/// <remarks>The snapshot, not the policy, drives the escalation from here on: editing the policy later changes nothing in flight.
/// A new snapshot is taken only when the incident is reopened or when a priority raise makes the matrix select another policy or
/// another version of it (see <see cref="EscalationEngine"/>). Starting fires nothing by itself; the starting level's notification
/// is the <see cref="EscalationStepFired"/> event recorded with it.</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Policy">The snapshot of the policy in force.</param>
/// <param name="StartLevel">The level (1-based) the escalation starts at.</param>
/// <param name="Trigger">Why it started: <see cref="EscalationTrigger.Started"/>, <see cref="EscalationTrigger.Reopened"/> or <see cref="EscalationTrigger.PriorityRaised"/>.</param>
/// <param name="RuleName">The matrix rule that selected the policy.</param>
/// <param name="HierarchicalLevel">The level (1-based) the rule also notifies at once, if any.</param>
/// <param name="CauseEventId">The event that caused a restart (the <see cref="PriorityChanged"/>), if any.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EscalationStarted(Guid EventId, Instant At, UserId Actor, EscalationPolicySnapshot Policy, int StartLevel, EscalationTrigger Trigger,
    string RuleName, int? HierarchicalLevel, Guid? CauseEventId)
    : IncidentEvent(EventId, At, Actor);
