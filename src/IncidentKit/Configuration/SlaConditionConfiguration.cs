namespace IncidentKit.Configuration;

/// <summary>Describes when an SLA policy applies: every criterion given must match.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record SlaConditionConfiguration
{
    /// <summary>Gets the priorities the policy applies to, such as ["P1", "P2"]; left out for any.</summary>
    [Expected("an array such as [\"P1\", \"P2\"]", "a priority such as \"P1\"")]
    public IReadOnlyList<string>? Priorities { get; init; }

    /// <summary>Gets the category path the incident must be within, such as "network/wan".</summary>
    [Expected("a category path such as \"network/wan\"")]
    public string? Category { get; init; }

    /// <summary>Gets the tenant the policy applies to.</summary>
    [Expected("a tenant id")]
    public string? Tenant { get; init; }
}
