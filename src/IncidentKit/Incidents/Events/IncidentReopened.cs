using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a resolved incident was reopened.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Reason">Why.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentReopened(Guid EventId, Instant At, UserId Actor, string Reason)
    : IncidentEvent(EventId, At, Actor);
