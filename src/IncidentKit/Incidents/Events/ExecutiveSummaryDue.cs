using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the executive summary of one slot of the communication plan's grid went out.</summary>
/// <remarks>Composed into the summary itself by <see cref="Communication.NotificationComposer"/>; at most one is recorded per slot.</remarks>
/// <param name="EventId">The event's unique id, derived from the incident and <paramref name="DueAt"/> so that one slot's summary is stored once.</param>
/// <param name="At">When the summary was recorded.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="DueAt">The slot: the instant on the grid opened + k × cadence the summary stands for.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ExecutiveSummaryDue(Guid EventId, Instant At, UserId Actor, Instant DueAt)
    : IncidentEvent(EventId, At, Actor);
