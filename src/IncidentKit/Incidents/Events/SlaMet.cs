using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an SLA target was met in time.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened: the instant the clock stopped, even when recorded late.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Target">The target.</param>
/// <param name="Cycle">Which clock of the target, from 1 (see <see cref="SlaDueEvent.Cycle"/>); with the target, kind and percent it identifies the event, so it is recorded once.</param>
/// <param name="DueAt">The instant it would have fallen due, or null when the calendar had no business time left to reach it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SlaMet(Guid EventId, Instant At, UserId Actor, SlaTargetKind Target, int Cycle, Instant? DueAt)
    : IncidentEvent(EventId, At, Actor);
