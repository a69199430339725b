using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that someone took ownership of a new incident.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentAcknowledged(Guid EventId, Instant At, UserId Actor)
    : IncidentEvent(EventId, At, Actor);
