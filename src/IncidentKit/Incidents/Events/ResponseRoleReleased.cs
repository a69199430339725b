using IncidentKit.MajorIncidents;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a person gave up a response role without a successor (e.g. a subject matter expert who is no longer needed).</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When the role was given up.</param>
/// <param name="Actor">Who released it.</param>
/// <param name="Role">The role.</param>
/// <param name="User">The person who held it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ResponseRoleReleased(Guid EventId, Instant At, UserId Actor, ResponseRole Role, UserId User)
    : IncidentEvent(EventId, At, Actor);
