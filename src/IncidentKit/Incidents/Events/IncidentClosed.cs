using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the resolution was confirmed and the incident closed.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentClosed(Guid EventId, Instant At, UserId Actor)
    : IncidentEvent(EventId, At, Actor);
