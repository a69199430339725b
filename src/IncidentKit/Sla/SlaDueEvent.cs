using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Represents one SLA event that has fallen (or will fall) due and is not recorded on the incident yet.</summary>
/// <param name="At">The true instant it falls due: the threshold instant, or the instant the clock stopped for <see cref="SlaEventKind.Met"/>.</param>
/// <param name="Target">The target.</param>
/// <param name="Kind">Warning, breach or met.</param>
/// <param name="Percent">The share of the target reached: the warning threshold, or 100 for a breach or met.</param>
/// <param name="Cycle">Which clock of the target, from 1: the update clock starts a new cycle at every status update, the resolution clock at every reopen in <see cref="SlaReopenMode.Restart"/> mode.</param>
/// <param name="DueAt">The instant the target itself falls due, as known now; <see langword="null"/> when the clock is paused with no end or the calendar has no business time left (never for a breach).</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct SlaDueEvent(Instant At, SlaTargetKind Target, SlaEventKind Kind, int Percent, int Cycle, Instant? DueAt);
