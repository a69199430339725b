using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the incident owner was reminded that a stakeholder status update is due.</summary>
/// <param name="EventId">The event's unique id, derived from the incident and <paramref name="DueAt"/> so that one reminder is stored once.</param>
/// <param name="At">When the reminder was recorded.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="DueAt">When the update falls (or fell) due under the communication plan.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record StatusUpdateDue(Guid EventId, Instant At, UserId Actor, Instant DueAt)
    : IncidentEvent(EventId, At, Actor);
