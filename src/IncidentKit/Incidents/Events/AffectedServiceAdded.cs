using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the incident is known to affect one more service, besides the one it was opened for.</summary>
/// <remarks>The affected services feed the major-incident rule "impact on at least N services" (<see cref="MajorIncidents.MajorIncidentPolicy"/>).</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Actor">Who recorded it.</param>
/// <param name="Service">The service's name.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AffectedServiceAdded(Guid EventId, Instant At, UserId Actor, string Service)
    : IncidentEvent(EventId, At, Actor);
