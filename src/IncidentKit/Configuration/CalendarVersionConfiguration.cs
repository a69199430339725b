namespace IncidentKit.Configuration;

/// <summary>Describes one effective-dated version of a business calendar.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record CalendarVersionConfiguration
{
    /// <summary>Gets the instant the version comes into force, such as "2026-07-01T04:00:00Z"; only the first version may leave it null (in force from the beginning of time).</summary>
    public string? EffectiveFrom { get; init; }

    /// <summary>Gets the calendar in force from <see cref="EffectiveFrom"/> until the next version.</summary>
    [Expected("a calendar object with \"timeZone\"")]
    public CalendarConfiguration? Calendar { get; init; }
}
