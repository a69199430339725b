using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Problems;

/// <summary>Names one incident behind a recurrence suggestion and when it was opened.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct RecurrenceEvidence(IncidentId Incident, Instant OpenedAt);
