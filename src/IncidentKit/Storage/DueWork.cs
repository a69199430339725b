using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Describes an incident's next piece of timed work: when it falls due and what it is.</summary>
/// <remarks>A store keeps at most one due item per incident, written in the same transaction as the incident's events
/// (<see cref="IncidentChange.NextDue"/>), so the plan never drifts from the stream. SQL stores keep the instant to the
/// microsecond.</remarks>
/// <param name="DueAt">When the work falls due.</param>
/// <param name="Kind">What falls due.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct DueWork(Instant DueAt, DueWorkKind Kind);
