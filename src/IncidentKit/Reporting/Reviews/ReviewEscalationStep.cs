using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives one step of how escalation walked: a page sent by policy, or a manual escalation.</summary>
/// <param name="At">When.</param>
/// <param name="Level">The policy level (1-based), or null for a manual escalation.</param>
/// <param name="Round">The round of the policy (1-based), or null for a manual escalation.</param>
/// <param name="Kind">The escalation kind (functional or hierarchical).</param>
/// <param name="Paged">Who was paged.</param>
/// <param name="Targets">The targets the step named (schedules, teams, roles, users), as <c>kind:value</c>.</param>
/// <param name="Note">The reason or the group escalated to; null when none.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewEscalationStep(Instant At, int? Level, int? Round, string Kind, IReadOnlyList<UserId> Paged, IReadOnlyList<string> Targets, string? Note);
