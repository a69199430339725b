namespace IncidentKit.Configuration;

/// <summary>Describes the escalation matrix: policies, the rules that pick one, and the fallback.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("{ \"policies\": [...], \"rules\": [...], \"fallback\": \"policy-id\" }")]
public sealed record EscalationMatrixConfiguration
{
    /// <summary>Gets the escalation policies.</summary>
    [Expected("an array of policies")]
    public IReadOnlyList<EscalationPolicyConfiguration>? Policies { get; init; }

    /// <summary>Gets the rules, tried in order; the first that applies wins.</summary>
    [Expected("an array of rules")]
    public IReadOnlyList<EscalationRuleConfiguration>? Rules { get; init; }

    /// <summary>Gets the policy used when no rule applies.</summary>
    [Expected("a policy id or { \"policy\": ..., \"startLevel\": ... }")]
    public EscalationFallbackConfiguration? Fallback { get; init; }
}
