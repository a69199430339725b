using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an SLA target crossed a warning threshold (a share of its business-time target).</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened: the threshold's true due instant, even when recorded late.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Target">The target.</param>
/// <param name="Cycle">Which clock of the target, from 1 (see <see cref="SlaDueEvent.Cycle"/>); with the target, kind and percent it identifies the event, so it is recorded once.</param>
/// <param name="Percent">The threshold, as a percentage of the target (e.g. 75).</param>
/// <param name="DueAt">The instant the target itself falls due as known when the threshold was reached; null when the clock has since paused with no end (or the calendar has no business time left).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SlaWarningReached(Guid EventId, Instant At, UserId Actor, SlaTargetKind Target, int Cycle, int Percent, Instant? DueAt)
    : IncidentEvent(EventId, At, Actor);
