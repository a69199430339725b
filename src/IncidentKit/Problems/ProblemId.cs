using Ardalis.GuardClauses;

namespace IncidentKit.Problems;

/// <summary>Identifies a problem record within a tenant.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ProblemId
{
    /// <summary>Initializes an id from a non-empty GUID.</summary>
    /// <param name="value">The GUID.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public ProblemId(Guid value) => Value = Guard.Against.Default(value);

    /// <summary>Gets the GUID.</summary>
    public Guid Value { get; }

    /// <summary>Returns a new, time-ordered id.</summary>
    /// <returns>The id.</returns>
    public static ProblemId New() => new(Guid.CreateVersion7());

    /// <summary>Returns the GUID in its hyphenated form.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value.ToString("D");
}
