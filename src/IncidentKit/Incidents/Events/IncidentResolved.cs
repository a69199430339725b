using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that service was restored.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="ResolutionCode">A short code, e.g. "fixed", "workaround", "vendor-fix".</param>
/// <param name="Notes">What was done.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentResolved(Guid EventId, Instant At, UserId Actor, string ResolutionCode, string Notes)
    : IncidentEvent(EventId, At, Actor);
