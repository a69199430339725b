namespace IncidentKit.Categories;

/// <summary>Assembles a <see cref="CategoryTree"/>; parents are added implicitly.</summary>
/// <threadsafety>This type is mutable and not thread-safe; the trees it builds are.</threadsafety>
public sealed class CategoryTreeBuilder
{
    private readonly Dictionary<CategoryPath, CategoryDefaults> _nodes = [];

    /// <summary>Adds a category (and any missing ancestors) with its own defaults.</summary>
    /// <param name="path">The category's path, e.g. "Hardware/Server/Disk".</param>
    /// <param name="defaults">The node's own defaults; <see langword="null"/> sets none.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a valid category path, or was added already with defaults.</exception>
    public CategoryTreeBuilder Add(string path, CategoryDefaults? defaults = null)
    {
        var category = new CategoryPath(path);
        if (defaults is not null && _nodes.TryGetValue(category, out var existing) && existing != CategoryDefaults.None)
        {
            throw new ArgumentException($"Category '{category}' already has defaults.", nameof(path));
        }

        _nodes[category] = defaults ?? (_nodes.TryGetValue(category, out var kept) ? kept : CategoryDefaults.None);
        for (var parent = category.Parent; parent is { } p; parent = p.Parent)
        {
            _nodes.TryAdd(p, CategoryDefaults.None);
        }

        return this;
    }

    /// <summary>Freezes the taxonomy, resolving each node's inherited defaults once.</summary>
    /// <returns>The immutable tree.</returns>
    public CategoryTree Build()
    {
        var effective = new Dictionary<CategoryPath, CategoryDefaults>(_nodes.Count);
        foreach (var path in _nodes.Keys)
        {
            var own = _nodes[path];
            string? group = own.AssignmentGroup;
            var impact = own.Impact;
            var urgency = own.Urgency;
            for (var parent = path.Parent; parent is { } p; parent = p.Parent)
            {
                var up = _nodes[p];
                group ??= up.AssignmentGroup;
                impact ??= up.Impact;
                urgency ??= up.Urgency;
            }

            effective[path] = new CategoryDefaults(group, impact, urgency);
        }

        return new CategoryTree(effective);
    }
}
