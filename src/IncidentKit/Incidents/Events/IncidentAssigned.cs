using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records a change of assignee and/or assignment group.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Assignee">The person now assigned, or <see langword="null"/> for none.</param>
/// <param name="AssignmentGroup">The group now assigned, or <see langword="null"/> for none.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentAssigned(Guid EventId, Instant At, UserId Actor, UserId? Assignee, string? AssignmentGroup)
    : IncidentEvent(EventId, At, Actor);
