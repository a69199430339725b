using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Holds one step of a tabletop exercise: the inject the facilitator reads out and what the system did until the next one.</summary>
/// <param name="Number">The step's number, from 1.</param>
/// <param name="At">The inject's instant.</param>
/// <param name="Note">The facilitator's words for the inject, or <see langword="null"/>.</param>
/// <param name="Lines">What happened, in order, from the inject until just before the next one (or the end).</param>
/// <param name="IsLast">Whether this was the last step.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record TabletopStep(int Number, Instant At, string? Note, IReadOnlyList<SimulationLogLine> Lines, bool IsLast);
