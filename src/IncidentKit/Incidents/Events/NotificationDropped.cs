using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a notification waiting in the outbox was withdrawn before it left, because it was no longer wanted.</summary>
/// <remarks>A page planned while nobody had answered, but still waiting (throttled into a bundle window, or retrying) when the
/// incident was acknowledged, resolved, closed or cancelled, is dropped by the dispatcher rather than sent, and this event says so on the timeline.</remarks>
/// <param name="EventId">The event's unique id, derived from the incident, channel and key so that recording one drop twice stores it once.</param>
/// <param name="At">When it was dropped.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="IdempotencyKey">The message's idempotency key.</param>
/// <param name="Reason">Why it was dropped, e.g. "acknowledged by bob at 16:22 UTC, after the page was planned".</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record NotificationDropped(Guid EventId, Instant At, UserId Actor, string Channel, string IdempotencyKey, string Reason)
    : IncidentEvent(EventId, At, Actor);
