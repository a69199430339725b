using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Sla;

/// <summary>Describes which incidents a policy in an <see cref="SlaPolicySet"/> applies to; every part given must match.</summary>
/// <remarks>A category matches its whole subtree (<see cref="CategoryPath.IsWithin"/>): "network" matches "network/wan".
/// An empty condition matches every incident.</remarks>
/// <threadsafety>Instances are immutable.</threadsafety>
public sealed record SlaPolicyCondition
{
    /// <summary>Gets the priorities matched; empty matches any priority.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<Priority> Priorities { get; init; } = [];

    /// <summary>Gets the category subtree matched, or <see langword="null"/> for any category (or none).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the tenant matched, or <see langword="null"/> for any tenant.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TenantId? Tenant { get; init; }

    /// <summary>Returns whether an incident with these attributes meets the condition.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <param name="category">The incident's category, if any.</param>
    /// <param name="tenant">The incident's tenant.</param>
    /// <returns><see langword="true"/> when every part given matches.</returns>
    public bool Matches(Priority priority, CategoryPath? category, TenantId tenant)
    {
        if (Tenant is { } t && t != tenant)
        {
            return false;
        }

        if (Category is { } c && (category is not { } actual || !actual.IsWithin(c)))
        {
            return false;
        }

        if (Priorities.Count == 0)
        {
            return true;
        }

        for (int i = 0; i < Priorities.Count; i++)
        {
            if (Priorities[i] == priority)
            {
                return true;
            }
        }

        return false;
    }
}
