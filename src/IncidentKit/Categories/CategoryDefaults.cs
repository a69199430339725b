using IncidentKit.Prioritization;

namespace IncidentKit.Categories;

/// <summary>Holds the defaults a category gives an incident logged or recategorised into it.</summary>
/// <remarks>A default left <see langword="null"/> is inherited from the nearest ancestor that sets it.</remarks>
/// <param name="AssignmentGroup">The group that takes incidents of this category, or <see langword="null"/> to inherit.</param>
/// <param name="Impact">The impact assumed when the reporter gives none, or <see langword="null"/> to inherit.</param>
/// <param name="Urgency">The urgency assumed when the reporter gives none, or <see langword="null"/> to inherit.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record CategoryDefaults(string? AssignmentGroup = null, Impact? Impact = null, Urgency? Urgency = null)
{
    /// <summary>Gets defaults that set nothing.</summary>
    public static CategoryDefaults None { get; } = new();
}
