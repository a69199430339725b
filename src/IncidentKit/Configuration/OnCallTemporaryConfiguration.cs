namespace IncidentKit.Configuration;

/// <summary>Describes a temporary schedule that replaces every layer between two instants.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a temporary schedule object with \"start\", \"end\" and \"onCall\"")]
public sealed record OnCallTemporaryConfiguration
{
    /// <summary>Gets the instant the temporary schedule starts.</summary>
    [Expected("an instant such as \"2026-03-28T18:00:00Z\"")]
    public string? Start { get; init; }

    /// <summary>Gets the instant the temporary schedule ends.</summary>
    [Expected("an instant such as \"2026-03-28T18:00:00Z\"")]
    public string? End { get; init; }

    /// <summary>Gets the user ids on call together.</summary>
    [Expected("a non-empty array of user ids", "a user id", NumberAsText = true)]
    public IReadOnlyList<string>? OnCall { get; init; }
}
