using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the incident's alert group started flapping: paging stops until it has been quiet for a while.</summary>
/// <remarks>Its own kind (<c>alert-group-flapping</c>), so communication plans can tell people once, apart from work notes.</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who recorded it (the intake's actor, e.g. <c>system:monitoring</c>).</param>
/// <param name="Text">What the intake saw: how many state changes in which window, and when paging resumes.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertGroupFlapping(Guid EventId, Instant At, UserId Actor, string Text)
    : IncidentEvent(EventId, At, Actor);
