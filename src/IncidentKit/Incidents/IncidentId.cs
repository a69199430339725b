using Ardalis.GuardClauses;

namespace IncidentKit.Incidents;

/// <summary>Identifies one incident; unique across tenants.</summary>
/// <remarks>The default value (an empty GUID) identifies no incident and is refused wherever an id is required.</remarks>
/// <threadsafety>This type is an immutable value type. See the thread safety section of the user guide for more information.</threadsafety>
public readonly record struct IncidentId
{
    /// <summary>Initializes an identifier from a non-empty GUID.</summary>
    /// <param name="value">The GUID; must not be <see cref="Guid.Empty"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public IncidentId(Guid value) => Value = Guard.Against.Default(value);

    /// <summary>Gets the underlying GUID.</summary>
    public Guid Value { get; }

    /// <summary>Returns a new random identifier.</summary>
    /// <returns>A fresh identifier.</returns>
    public static IncidentId New() => new(Guid.CreateVersion7());

    /// <summary>Parses the text form produced by <see cref="ToString"/>.</summary>
    /// <param name="text">A GUID in any format <see cref="Guid.Parse(string)"/> accepts.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a GUID.</exception>
    public static IncidentId Parse(string text) => new(Guid.Parse(text));

    /// <summary>Returns the GUID in its 36-character form.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Value.ToString("D");
}
