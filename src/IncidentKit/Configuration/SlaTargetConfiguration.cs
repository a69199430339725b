namespace IncidentKit.Configuration;

/// <summary>Describes one SLA target: a business duration and, optionally, its own calendar.</summary>
/// <remarks>A duration on its own (<c>"4h"</c>) stands for <c>{ "within": "4h" }</c>.</remarks>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[ShortForm("within")]
[Expected("a duration such as \"4h\" or \"PT4H\" (or { \"within\": ..., \"calendar\": ... })")]
public sealed record SlaTargetConfiguration
{
    /// <summary>Gets the business duration, ISO-8601 ("PT4H") or short ("4h", "90m", "1h30m", "45s"); days are refused because a business day is not 24 hours.</summary>
    [Expected("a duration such as \"4h\" or \"PT4H\" (or { \"within\": ..., \"calendar\": ... })")]
    public string? Within { get; init; }

    /// <summary>Gets the name of the calendar this target is measured on, instead of the policy's.</summary>
    [Expected("a calendar name, or null for 24x7")]
    public string? Calendar { get; init; }
}
