using System.ComponentModel.DataAnnotations;

namespace IncidentKit.Configuration;

/// <summary>Describes a rule that picks an escalation policy; every criterion is optional.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a rule object with \"name\" and \"policy\"")]
public sealed record EscalationRuleConfiguration
{
    /// <summary>Gets the rule's name, shown on escalation steps.</summary>
    [Expected("a rule name such as \"p1-security\"")]
    public string? Name { get; init; }

    /// <summary>Gets the id of the policy the rule picks.</summary>
    [Expected("the id of a policy under \"policies\"", NumberAsText = true)]
    public string? Policy { get; init; }

    /// <summary>Gets the lowest priority the rule applies to, such as "P1".</summary>
    [Expected("a priority such as \"P1\"")]
    public string? PriorityAtLeast { get; init; }

    /// <summary>Gets the category path the incident must be within, such as "Security".</summary>
    [Expected("a category path such as \"Security\"")]
    public string? CategoryWithin { get; init; }

    /// <summary>Gets the lowest complexity the rule applies to.</summary>
    [Expected("complexity")]
    public IncidentKit.Escalation.Complexity? ComplexityAtLeast { get; init; }

    /// <summary>Gets the 1-based level the walk starts at.</summary>
    /// <value>The default value is 1.</value>
    [Range(1, 64)]
    public int StartLevel { get; set; } = 1;

    /// <summary>Gets whether management (the first hierarchical level) is notified at once.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool NotifyHierarchicalAtOnce { get; init; }
}
