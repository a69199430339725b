using Ardalis.GuardClauses;

namespace IncidentKit.Communication;

/// <summary>Identifies who a notification is for: a user, a group or a literal address.</summary>
/// <remarks>The text form is <c>kind:value</c> (<c>user:alice</c>, <c>group:db-oncall</c>, <c>address:cto@example.com</c>);
/// it is how recipients are stored in an outbox and what throttling groups by. The default value is not a valid recipient.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct Recipient
{
    private const int MaxLength = 256;

    private Recipient(RecipientKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>Gets what kind of party this is.</summary>
    public RecipientKind Kind { get; }

    /// <summary>Gets the user id, group name or address.</summary>
    public string Value { get; }

    /// <summary>Returns a recipient for a user.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is unset.</exception>
    public static Recipient ForUser(UserId user) =>
        new(RecipientKind.User, user.Value ?? throw new ArgumentException("Expected a user id that was set.", nameof(user)));

    /// <summary>Returns a recipient for a named group.</summary>
    /// <param name="group">The group's name, at most 256 characters.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="ArgumentException"><paramref name="group"/> is empty, white space or too long.</exception>
    public static Recipient ForGroup(string group) => new(RecipientKind.Group, Checked(group, nameof(group)));

    /// <summary>Returns a recipient for a literal address, such as an e-mail address.</summary>
    /// <param name="address">The address, at most 256 characters.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is empty, white space or too long.</exception>
    public static Recipient ForAddress(string address) => new(RecipientKind.Address, Checked(address, nameof(address)));

    /// <summary>Parses the text form written by <see cref="ToString"/>, e.g. <c>user:alice</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The recipient.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> does not start with <c>user:</c>, <c>group:</c> or <c>address:</c>, or has an empty value.</exception>
    public static Recipient Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var value = colon < 0 ? string.Empty : text[(colon + 1)..];
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
        {
            throw new FormatException($"'{text}' is not a recipient; expected user:<id>, group:<name> or address:<address>.");
        }

        return text[..colon] switch
        {
            "user" => new(RecipientKind.User, value),
            "group" => new(RecipientKind.Group, value),
            "address" => new(RecipientKind.Address, value),
            _ => throw new FormatException($"'{text}' is not a recipient; expected user:<id>, group:<name> or address:<address>."),
        };
    }

    /// <summary>Returns the text form, e.g. <c>user:alice</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Value is null ? string.Empty : $"{Kind switch
    {
        RecipientKind.User => "user",
        RecipientKind.Group => "group",
        _ => "address",
    }}:{Value}";

    private static string Checked(string value, string parameterName)
    {
        Guard.Against.NullOrWhiteSpace(value, parameterName);
        return value.Length <= MaxLength
            ? value
            : throw new ArgumentException($"Expected at most {MaxLength} characters but got {value.Length}.", parameterName);
    }
}
