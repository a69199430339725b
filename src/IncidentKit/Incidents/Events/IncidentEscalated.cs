using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records a manual escalation.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Kind">Functional (a higher tier) or hierarchical (management).</param>
/// <param name="Reason">Why.</param>
/// <param name="ToGroup">The team or role escalated to, if named.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentEscalated(Guid EventId, Instant At, UserId Actor, EscalationKind Kind, string Reason, string? ToGroup)
    : IncidentEvent(EventId, At, Actor);
