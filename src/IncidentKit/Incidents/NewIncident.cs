using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Incidents;

/// <summary>Describes an incident being logged.</summary>
/// <remarks>Impact and urgency may be left out when the category has defaults for them; the assignment group likewise.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record NewIncident
{
    /// <summary>Gets the one-line summary (required, at most 200 characters).</summary>
    public required string Title { get; init; }

    /// <summary>Gets the details, if any (at most 10 000 characters).</summary>
    public string? Description { get; init; }

    /// <summary>Gets the assessed impact, or <see langword="null"/> to take the category's default.</summary>
    public Impact? Impact { get; init; }

    /// <summary>Gets the assessed urgency, or <see langword="null"/> to take the category's default.</summary>
    public Urgency? Urgency { get; init; }

    /// <summary>Gets the category, if any; it must be in the taxonomy unless the taxonomy is open.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the assignment group, or <see langword="null"/> to take the category's default.</summary>
    public string? AssignmentGroup { get; init; }

    /// <summary>Gets the affected service, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets where the incident was reported from, e.g. "monitoring".</summary>
    public string? Source { get; init; }

    /// <summary>Gets whether the incident is an exercise (a drill or tabletop run) rather than a real one.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    /// <remarks>Exercises run the whole workflow, but reports leave them out unless asked to include them.</remarks>
    public bool IsExercise { get; init; }
}
