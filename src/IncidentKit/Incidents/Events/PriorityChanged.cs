using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records a reassessment of impact and urgency, or a manual priority override.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Impact">The impact now.</param>
/// <param name="Urgency">The urgency now.</param>
/// <param name="Priority">The priority now.</param>
/// <param name="Reason">Why; required for an override.</param>
/// <param name="IsOverride">Whether the priority was set by hand rather than by the matrix.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record PriorityChanged(Guid EventId, Instant At, UserId Actor, Impact Impact, Urgency Urgency, Priority Priority, string? Reason, bool IsOverride)
    : IncidentEvent(EventId, At, Actor);
