using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a major incident was stood down: it continues as an ordinary incident and its checklist stops.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was stood down.</param>
/// <param name="Actor">Who stood it down (its incident commander or an admin).</param>
/// <param name="Reason">Why, in words.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record MajorIncidentStoodDown(Guid EventId, Instant At, UserId Actor, string Reason)
    : IncidentEvent(EventId, At, Actor);
