using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an attempt to send a notification about the incident failed.</summary>
/// <param name="EventId">The event's unique id, derived from the incident, channel, key and attempt.</param>
/// <param name="At">When the attempt failed.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="IdempotencyKey">The message's idempotency key.</param>
/// <param name="Attempt">The failed attempt, from 1.</param>
/// <param name="Reason">Why, e.g. "HTTP 503 Service Unavailable".</param>
/// <param name="WillRetry">Whether the message stays in the backlog for another attempt; <see langword="false"/> when it was given up.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record NotificationFailed(Guid EventId, Instant At, UserId Actor, string Channel, string IdempotencyKey, int Attempt,
    string Reason, bool WillRetry)
    : IncidentEvent(EventId, At, Actor);
