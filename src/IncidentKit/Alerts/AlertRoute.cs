using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Alerts;

/// <summary>Describes one routing rule: matchers on an alert's labels and what a matching alert becomes.</summary>
/// <remarks>Rules are tried in order and the first whose every matcher matches decides, as a list of Alertmanager child routes
/// without <c>continue</c>. Matchers are written in Alertmanager's notation and checked when the
/// <see cref="AlertRoutingTable"/> is built.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertRoute
{
    /// <summary>Gets the rule's name, unique in its table; it is part of the group key of the alerts it routes.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the matchers, e.g. <c>severity=~"critical|page"</c>; all must match. An empty list matches every alert.</summary>
    public IReadOnlyList<string> Matchers { get; init; } = [];

    /// <summary>Gets the only tenant the rule applies to, or <see langword="null"/> for every tenant.</summary>
    /// <remarks>The tenant of an alert comes from its integration key; a rule never moves an alert to another tenant.</remarks>
    public TenantId? Tenant { get; init; }

    /// <summary>Gets whether matching alerts are dropped: recorded, never grouped, never opening anything.</summary>
    public bool Drop { get; init; }

    /// <summary>Gets the affected service of incidents the rule opens, or <see langword="null"/> to take the alert's <c>service</c> label.</summary>
    public string? Service { get; init; }

    /// <summary>Gets the category of incidents the rule opens, if any.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the impact, or <see langword="null"/> to take it from the alert's severity.</summary>
    public Impact? Impact { get; init; }

    /// <summary>Gets the urgency, or <see langword="null"/> to take it from the alert's severity.</summary>
    public Urgency? Urgency { get; init; }

    /// <summary>Gets the escalation policy (its name) the incident's assignment group takes, if any.</summary>
    public string? EscalationPolicy { get; init; }

    /// <summary>Gets the labels that form a group, e.g. <c>["alertname", "cluster"]</c>; <c>["..."]</c> groups by every label.</summary>
    /// <value>The default value is empty: the sender's group key, else each alert's own key, forms the group.</value>
    public IReadOnlyList<string> GroupBy { get; init; } = [];
}
