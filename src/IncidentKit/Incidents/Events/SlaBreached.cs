using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an SLA target was missed.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened: the threshold's true due instant, even when recorded late.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Target">The target.</param>
/// <param name="Cycle">Which clock of the target, from 1 (see <see cref="SlaDueEvent.Cycle"/>); with the target, kind and percent it identifies the event, so it is recorded once.</param>
/// <param name="DueAt">The instant it fell due.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SlaBreached(Guid EventId, Instant At, UserId Actor, SlaTargetKind Target, int Cycle, Instant DueAt)
    : IncidentEvent(EventId, At, Actor);
