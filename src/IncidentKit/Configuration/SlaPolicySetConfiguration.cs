namespace IncidentKit.Configuration;

/// <summary>Describes SLA policies as configuration holds them: conditional policies tried in order, and one fallback without a condition.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("{ \"policies\": [...] }")]
public sealed record SlaPolicySetConfiguration
{
    /// <summary>Gets the policies; those with a <c>when</c> are tried in order and the one without is the fallback.</summary>
    [Expected("a non-empty array of policies", "a policy object")]
    public IReadOnlyList<SlaPolicyConfiguration>? Policies { get; init; }
}
