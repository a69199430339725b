using System.ComponentModel.DataAnnotations;

namespace IncidentKit.Configuration;

/// <summary>Describes the policy used when no rule applies.</summary>
/// <remarks>A policy id on its own (<c>"standard"</c>) stands for <c>{ "policy": "standard" }</c>.</remarks>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[ShortForm("policy")]
[Expected("a policy id or { \"policy\": ..., \"startLevel\": ... }")]
public sealed record EscalationFallbackConfiguration
{
    /// <summary>Gets the id of the fallback policy.</summary>
    [Expected("the id of a policy under \"policies\"", NumberAsText = true)]
    public string? Policy { get; init; }

    /// <summary>Gets the 1-based level the walk starts at.</summary>
    /// <value>The default value is 1.</value>
    [Range(1, 64)]
    public int StartLevel { get; set; } = 1;
}
