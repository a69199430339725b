using System.Diagnostics.CodeAnalysis;

namespace IncidentKit.Categories;

/// <summary>Holds the hierarchical category taxonomy (e.g. Hardware › Server › Disk) and each node's defaults.</summary>
/// <remarks>Build one with <see cref="CategoryTreeBuilder"/>. Defaults are inherited: a node's effective defaults take each value
/// from the node itself or, where it sets none, from its nearest ancestor that does.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class CategoryTree
{
    private readonly Dictionary<CategoryPath, CategoryDefaults> _effective;

    internal CategoryTree(Dictionary<CategoryPath, CategoryDefaults> effective) => _effective = effective;

    /// <summary>Gets a taxonomy that accepts any category and gives no defaults.</summary>
    public static CategoryTree Open { get; } = new([]);

    /// <summary>Gets the paths of every category in the taxonomy.</summary>
    public IEnumerable<CategoryPath> Categories => _effective.Keys;

    /// <summary>Gets whether any category is accepted (the taxonomy is empty).</summary>
    public bool AcceptsAnyCategory => _effective.Count == 0;

    /// <summary>Returns whether <paramref name="category"/> may be used: it is in the taxonomy, or the taxonomy is empty.</summary>
    /// <param name="category">The category.</param>
    /// <returns><see langword="true"/> when the category may be used.</returns>
    public bool Accepts(CategoryPath category) => AcceptsAnyCategory || _effective.ContainsKey(category);

    /// <summary>Gets the effective defaults of a category (inherited where unset).</summary>
    /// <param name="category">The category.</param>
    /// <param name="defaults">The effective defaults when found.</param>
    /// <returns><see langword="true"/> when the category is in the taxonomy.</returns>
    public bool TryGetDefaults(CategoryPath category, [NotNullWhen(true)] out CategoryDefaults? defaults) =>
        _effective.TryGetValue(category, out defaults);
}
