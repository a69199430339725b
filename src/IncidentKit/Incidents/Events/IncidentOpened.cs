using System.Text.Json.Serialization;
using IncidentKit.Categories;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an incident was logged.</summary>
/// <remarks>Its fields are <see langword="init"/> properties (those every such event has are <see langword="required"/>), so the
/// event can gain fields without breaking the code that creates it; the stored JSON is byte for byte what the positional
/// record wrote (same names, same order).</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentOpened(Guid EventId, Instant At, UserId Actor) : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the incident's id.</summary>
    public required IncidentId Incident { get; init; }

    /// <summary>Gets the tenant it belongs to.</summary>
    public required TenantId Tenant { get; init; }

    /// <summary>Gets a one-line summary.</summary>
    public required string Title { get; init; }

    /// <summary>Gets details, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the assessed impact.</summary>
    public required Impact Impact { get; init; }

    /// <summary>Gets the assessed urgency.</summary>
    public required Urgency Urgency { get; init; }

    /// <summary>Gets the priority the matrix gave.</summary>
    public required Priority Priority { get; init; }

    /// <summary>Gets the category, if any.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the group that takes it, from the reporter or the category default.</summary>
    public string? AssignmentGroup { get; init; }

    /// <summary>Gets the affected service, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets where it was reported from, e.g. "monitoring" or "service desk".</summary>
    public string? Source { get; init; }

    /// <summary>Gets whether the incident is an exercise (a drill or tabletop run) rather than a real one.</summary>
    /// <value>The default value is <see langword="false"/>; events stored before the flag existed read as <see langword="false"/>.</value>
    /// <remarks>Left out of the stored JSON when <see langword="false"/>, so a real incident's event is stored (and hashed into
    /// its chain) exactly as before the flag existed.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsExercise { get; init; }
}
