using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a channel accepted a notification about the incident.</summary>
/// <param name="EventId">The event's unique id, derived from the incident, channel and key so that recording one delivery twice stores it once.</param>
/// <param name="At">When the channel accepted it.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="IdempotencyKey">The message's idempotency key.</param>
/// <param name="Attempt">The attempt that succeeded, from 1.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record NotificationDelivered(Guid EventId, Instant At, UserId Actor, string Channel, string IdempotencyKey, int Attempt)
    : IncidentEvent(EventId, At, Actor);
