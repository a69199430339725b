using NodaTime;

namespace IncidentKit.Problems;

/// <summary>Records one change to a problem: what changed, when and by whom (the problem's audit trail).</summary>
/// <param name="At">When the change was made.</param>
/// <param name="Actor">Who made it.</param>
/// <param name="Kind">What changed.</param>
/// <param name="Detail">The new value or the reason (an incident id, the root cause text, the new owner); null when the kind says it all.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ProblemEntry(Instant At, UserId Actor, ProblemEntryKind Kind, string? Detail);
