using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Alerts;

/// <summary>Describes where an alert goes: the rule that matched and what an incident it opens looks like.</summary>
/// <param name="Route">The rule that matched (the table's fallback rule when none did).</param>
/// <param name="Impact">The impact: the rule's, else the alert's severity mapping.</param>
/// <param name="Urgency">The urgency: the rule's, else the alert's severity mapping.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct RouteDecision(AlertRoute Route, Impact Impact, Urgency Urgency)
{
    /// <summary>Gets whether the alert is dropped.</summary>
    public bool Drop => Route.Drop;

    /// <summary>Gets the category, if any.</summary>
    public CategoryPath? Category => Route.Category;

    /// <summary>Gets the escalation policy's name, if any.</summary>
    public string? EscalationPolicy => Route.EscalationPolicy;
}
