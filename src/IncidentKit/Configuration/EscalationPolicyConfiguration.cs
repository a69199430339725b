using System.ComponentModel.DataAnnotations;

namespace IncidentKit.Configuration;

/// <summary>Describes an escalation policy: levels paged in turn, and how often the walk repeats.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a policy object with \"id\" and \"levels\"")]
public sealed record EscalationPolicyConfiguration
{
    /// <summary>Gets the policy id rules refer to (at most 200 characters).</summary>
    [Expected("a policy id such as \"standard\"", NumberAsText = true)]
    public string? Id { get; init; }

    /// <summary>Gets the display name.</summary>
    /// <value>The default value is <see langword="null"/>, which takes the id.</value>
    [Expected("a display name")]
    public string? Name { get; init; }

    /// <summary>Gets the policy version recorded on each step.</summary>
    /// <value>The default value is 1.</value>
    [Range(1, int.MaxValue)]
    public int Version { get; set; } = 1;

    /// <summary>Gets the levels, paged in order.</summary>
    [Expected("an array of levels")]
    public IReadOnlyList<EscalationLevelConfiguration>? Levels { get; init; }

    /// <summary>Gets how the walk repeats after the last level; left out for no repeat.</summary>
    [Expected("{ \"times\": 2, \"from\": 1 } or { \"forever\": true, \"from\": 1 }")]
    public EscalationRepeatConfiguration? Repeat { get; init; }

    /// <summary>Gets whom to page when a level resolves to nobody at run time: targets such as "user:dave"; left out for none.</summary>
    [Expected("an array such as [\"schedule:dba-primary\", \"team:dba\", \"role:incident-commander\", \"user:alice\"]", "a target such as \"schedule:dba-primary\"")]
    public IReadOnlyList<string>? Fallback { get; init; }
}
