using Ardalis.GuardClauses;
using IncidentKit.Guards;

namespace IncidentKit;

/// <summary>Identifies the tenant an incident, its work and its notifications belong to.</summary>
/// <remarks>Tenants never see each other's data. The default value has a null <see cref="Value"/> and is refused wherever a tenant is required.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct TenantId
{
    /// <summary>Initializes a tenant identifier.</summary>
    /// <param name="value">Non-empty text of at most 128 characters.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, white space, longer than 128 characters, or holds a control character other than tab and line feed.</exception>
    public TenantId(string value)
    {
        Guard.Against.NullOrWhiteSpace(value);
        Guard.Against.OutOfRange(value.Length, nameof(value), 1, 128, "A tenant id has at most 128 characters.");
        Guard.Against.ControlCharacters(value, TextLines.OneLine);
        Value = value;
    }

    /// <summary>Gets the tenant's text identifier.</summary>
    public string Value { get; }

    /// <summary>Gets the tenant used when an application has only one.</summary>
    public static TenantId Default { get; } = new("default");

    /// <summary>Returns the tenant's text identifier.</summary>
    /// <returns>The identifier.</returns>
    public override string ToString() => Value ?? string.Empty;
}
