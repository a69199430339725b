namespace IncidentKit.Escalation;

/// <summary>Represents the matrix's answer for an incident: the policy, where to start, and whether to notify management at once.</summary>
/// <param name="Rule">The rule that matched, or the fallback rule.</param>
/// <param name="Policy">The policy selected.</param>
/// <param name="StartLevel">The level (1-based) to start at.</param>
/// <param name="HierarchicalLevel">The level (1-based) to notify at once as well, if the rule asks for it and it differs from the start level.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct EscalationSelection(EscalationRule Rule, EscalationPolicy Policy, int StartLevel, int? HierarchicalLevel);
