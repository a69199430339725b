using System.Text.Json.Serialization;
using IncidentKit.Categories;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an incident was logged.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Incident">The incident's id.</param>
/// <param name="Tenant">The tenant it belongs to.</param>
/// <param name="Title">A one-line summary.</param>
/// <param name="Description">Details, if any.</param>
/// <param name="Impact">The assessed impact.</param>
/// <param name="Urgency">The assessed urgency.</param>
/// <param name="Priority">The priority the matrix gave.</param>
/// <param name="Category">The category, if any.</param>
/// <param name="AssignmentGroup">The group that takes it, from the reporter or the category default.</param>
/// <param name="Service">The affected service, if known.</param>
/// <param name="Source">Where it was reported from, e.g. "monitoring" or "service desk".</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentOpened(Guid EventId, Instant At, UserId Actor, IncidentId Incident, TenantId Tenant, string Title, string? Description, Impact Impact, Urgency Urgency, Priority Priority, CategoryPath? Category, string? AssignmentGroup, string? Service, string? Source)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets whether the incident is an exercise (a drill or tabletop run) rather than a real one.</summary>
    /// <value>The default value is <see langword="false"/>; events stored before the flag existed read as <see langword="false"/>.</value>
    /// <remarks>Left out of the stored JSON when <see langword="false"/>, so a real incident's event is stored (and hashed into
    /// its chain) exactly as before the flag existed.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsExercise { get; init; }
}
