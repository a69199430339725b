using IncidentKit.Runbooks;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a runbook was attached to the incident, as a snapshot of its version; it replaces any runbook attached before.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was attached.</param>
/// <param name="Actor">Who attached it (<see cref="UserId.System"/> when it was selected on open or on recategorisation).</param>
/// <param name="Runbook">The runbook's version as attached.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookAttached(Guid EventId, Instant At, UserId Actor, RunbookSnapshot Runbook)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets why it was attached, e.g. "selected for category Infrastructure/Database", if given.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Reason { get; init; }
}
