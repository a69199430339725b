namespace IncidentKit.Configuration;

/// <summary>Describes an override: someone on call instead of the rotation between two instants.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("an override object with \"start\", \"end\" and \"onCall\"")]
public sealed record OnCallOverrideConfiguration
{
    /// <summary>Gets the instant the override starts, such as "2026-03-28T18:00:00Z".</summary>
    [Expected("an instant such as \"2026-03-28T18:00:00Z\"")]
    public string? Start { get; init; }

    /// <summary>Gets the instant the override ends.</summary>
    [Expected("an instant such as \"2026-03-28T18:00:00Z\"")]
    public string? End { get; init; }

    /// <summary>Gets the user id on call during the override.</summary>
    [Expected("a user id", NumberAsText = true)]
    public string? OnCall { get; init; }

    /// <summary>Gets the user id replaced; left out to replace whoever is on call.</summary>
    [Expected("a user id or null", NumberAsText = true)]
    public string? Replacing { get; init; }
}
