using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the incident was withdrawn.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Reason">Why, e.g. "duplicate of INC-42".</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentCancelled(Guid EventId, Instant At, UserId Actor, string Reason)
    : IncidentEvent(EventId, At, Actor);
