using Ardalis.GuardClauses;
using IncidentKit.Guards;

namespace IncidentKit;

/// <summary>Identifies a person (or an automated actor such as <c>system:sla</c>) who acts on incidents or is paged.</summary>
/// <remarks>Automated actors use a <c>system:</c> prefix by convention. The default value is refused wherever a user is required.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct UserId
{
    /// <summary>Initializes a user identifier.</summary>
    /// <param name="value">Non-empty text of at most 256 characters.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, white space, longer than 256 characters, or holds a control character other than tab and line feed.</exception>
    public UserId(string value)
    {
        Guard.Against.NullOrWhiteSpace(value);
        Guard.Against.OutOfRange(value.Length, nameof(value), 1, 256, "A user id has at most 256 characters.");
        Guard.Against.ControlCharacters(value, TextLines.OneLine);
        Value = value;
    }

    /// <summary>Gets the user's text identifier.</summary>
    public string Value { get; }

    /// <summary>Gets the actor used for events that the library records by itself (SLA, escalation, auto-close).</summary>
    public static UserId System { get; } = new("system:incidentkit");

    /// <summary>Returns the user's text identifier.</summary>
    /// <returns>The identifier.</returns>
    public override string ToString() => Value ?? string.Empty;
}
