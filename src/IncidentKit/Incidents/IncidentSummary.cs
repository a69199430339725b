using System.Text.Json.Serialization;
using IncidentKit.Categories;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Describes an incident's current state in one flat, immutable record: the row a list screen or a store index shows.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Id">The incident.</param>
/// <param name="Version">The number of events in its stream.</param>
/// <param name="Title">The one-line summary.</param>
/// <param name="State">The workflow state.</param>
/// <param name="Impact">The impact.</param>
/// <param name="Urgency">The urgency.</param>
/// <param name="Priority">The priority.</param>
/// <param name="PriorityOverridden">Whether the priority was set by hand.</param>
/// <param name="Category">The category, if any.</param>
/// <param name="Assignee">The assignee, if any.</param>
/// <param name="AssignmentGroup">The assignment group, if any.</param>
/// <param name="Service">The affected service, if known.</param>
/// <param name="OpenedAt">When it was logged.</param>
/// <param name="AcknowledgedAt">When it was first acknowledged (or work started without one), if it has been.</param>
/// <param name="ResolvedAt">When it was last resolved, if it is resolved or closed.</param>
/// <param name="ClosedAt">When it was closed or cancelled, if it has been.</param>
/// <param name="LastChangedAt">When its latest event happened.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentSummary(
    TenantId Tenant, IncidentId Id, long Version, string Title, IncidentState State,
    Impact Impact, Urgency Urgency, Priority Priority, bool PriorityOverridden,
    CategoryPath? Category, UserId? Assignee, string? AssignmentGroup, string? Service,
    Instant OpenedAt, Instant? AcknowledgedAt, Instant? ResolvedAt, Instant? ClosedAt, Instant LastChangedAt)
{
    /// <summary>Gets whether the incident is an exercise (a drill or tabletop run) rather than a real one.</summary>
    /// <value>The default value is <see langword="false"/>; summaries stored before the flag existed read as <see langword="false"/>.</value>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsExercise { get; init; }

    /// <summary>Gets whether the incident is open (New, Acknowledged, InProgress or OnHold).</summary>
    public bool IsOpen => IncidentLifecycle.IsOpen(State);
}
