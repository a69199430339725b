using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the incident was declared a major incident, by hand or by a rule of the <see cref="MajorIncidents.MajorIncidentPolicy"/>.</summary>
/// <remarks>The declaration starts the major-incident checklist (<see cref="MajorIncidents.MajorIncidentChecklist"/>); its event id names
/// the declaration that each step outcome belongs to, so a second declaration after a stand-down runs the checklist again.</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was declared.</param>
/// <param name="Actor">Who declared it (<see cref="UserId.System"/> for a rule).</param>
/// <param name="Reason">Why, in words.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record MajorIncidentDeclared(Guid EventId, Instant At, UserId Actor, string Reason)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the rule that declared it, e.g. <c>priority P1</c>, or <see langword="null"/> for a declaration by hand.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Rule { get; init; }
}
