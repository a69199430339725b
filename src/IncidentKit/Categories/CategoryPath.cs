using Ardalis.GuardClauses;

namespace IncidentKit.Categories;

/// <summary>Names a node of the category taxonomy by its path, e.g. <c>Hardware/Server/Disk</c>.</summary>
/// <remarks>Segments are separated by <c>/</c>, trimmed, non-empty, and compared case-insensitively (ordinal).
/// The default value is the empty path, which names no category.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly struct CategoryPath : IEquatable<CategoryPath>
{
    private readonly string? _value;

    /// <summary>Initializes a path from its text form.</summary>
    /// <param name="path">Segments separated by <c>/</c>, e.g. "Hardware/Server/Disk"; at most 8 segments of 64 characters.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, has an empty segment, or is too deep or long.</exception>
    public CategoryPath(string path)
    {
        Guard.Against.NullOrWhiteSpace(path);
        var segments = path.Split('/', StringSplitOptions.TrimEntries);
        if (segments.Length > 8 || segments.Any(s => s.Length is 0 or > 64))
        {
            throw new ArgumentException($"'{path}' is not a category path: expected 1 to 8 non-empty segments of at most 64 characters separated by '/'.", nameof(path));
        }

        _value = string.Join('/', segments);
    }

    /// <summary>Gets the path's text form, e.g. "Hardware/Server/Disk".</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets the path's segments from the root down.</summary>
    public IReadOnlyList<string> Segments => _value?.Split('/') ?? [];

    /// <summary>Gets the parent path, or <see langword="null"/> for a root category.</summary>
    public CategoryPath? Parent
    {
        get
        {
            var cut = _value?.LastIndexOf('/') ?? -1;
            return cut < 0 ? null : new CategoryPath(_value![..cut]);
        }
    }

    /// <summary>Returns whether this path equals <paramref name="ancestor"/> or lies below it.</summary>
    /// <param name="ancestor">The candidate ancestor.</param>
    /// <returns><see langword="true"/> when this category is <paramref name="ancestor"/> or one of its descendants.</returns>
    public bool IsWithin(CategoryPath ancestor) =>
        Equals(ancestor) ||
        (Value.Length > ancestor.Value.Length && ancestor.Value.Length > 0 &&
         Value.StartsWith(ancestor.Value + "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns whether two paths name the same category, ignoring case.</summary>
    /// <param name="other">The other path.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(CategoryPath other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CategoryPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>Returns the path's text form.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Value;

    /// <summary>Returns whether two paths are equal.</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(CategoryPath left, CategoryPath right) => left.Equals(right);

    /// <summary>Returns whether two paths differ.</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(CategoryPath left, CategoryPath right) => !left.Equals(right);
}
