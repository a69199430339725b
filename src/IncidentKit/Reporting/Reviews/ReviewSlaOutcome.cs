using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives how one SLA target ended in one cycle.</summary>
/// <param name="Target">The target.</param>
/// <param name="Cycle">The cycle (a reopening starts a new one).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="DueAt">When it was due, if known.</param>
/// <param name="DecidedAt">When it was met or breached; null while pending.</param>
/// <param name="HighestWarning">The highest warning percentage reached; 0 when none.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewSlaOutcome(SlaTargetKind Target, int Cycle, SlaOutcome Outcome, Instant? DueAt, Instant? DecidedAt, int HighestWarning);
