namespace IncidentKit.Configuration;

/// <summary>Describes an on-call schedule: rotation layers, overrides and temporary schedules in one time zone.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a schedule object with \"id\", \"timeZone\" and \"layers\"")]
public sealed record OnCallScheduleConfiguration
{
    /// <summary>Gets the schedule id escalation targets name, such as "dba-primary" (at most 256 characters).</summary>
    [Expected("a schedule id such as \"dba-primary\"", NumberAsText = true)]
    public string? Id { get; init; }

    /// <summary>Gets the IANA time zone id rotations hand off in, such as "Europe/London".</summary>
    [Expected("an IANA id such as \"Europe/London\"")]
    public string? TimeZone { get; init; }

    /// <summary>Gets the rotation layers; a later layer wins where it covers.</summary>
    [Expected("an array of layers")]
    public IReadOnlyList<OnCallLayerConfiguration>? Layers { get; init; }

    /// <summary>Gets the overrides: someone on call instead of the rotation for a while.</summary>
    [Expected("an array of overrides")]
    public IReadOnlyList<OnCallOverrideConfiguration>? Overrides { get; init; }

    /// <summary>Gets the temporary schedules that replace every layer for a while.</summary>
    [Expected("an array of temporary schedules")]
    public IReadOnlyList<OnCallTemporaryConfiguration>? Temporary { get; init; }
}
