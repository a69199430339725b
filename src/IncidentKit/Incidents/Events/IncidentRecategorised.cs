using IncidentKit.Categories;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records a move to another category.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Category">The new category.</param>
/// <param name="AssignmentGroup">The assignment group after the move (the category default applies when the incident had none).</param>
/// <param name="Reason">Why, if given.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentRecategorised(Guid EventId, Instant At, UserId Actor, CategoryPath Category, string? AssignmentGroup, string? Reason)
    : IncidentEvent(EventId, At, Actor);
