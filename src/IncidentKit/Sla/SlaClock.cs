using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Represents one SLA clock of an incident at an instant: its status, business time used and left, and what falls due next.</summary>
/// <param name="Kind">Which target.</param>
/// <param name="Status">Running, paused, met, breached, cancelled or not applicable.</param>
/// <param name="Target">The business time allowed, or <see langword="null"/> when not applicable.</param>
/// <param name="Calendar">The calendar name the target is measured on (<see langword="null"/> for 24×7 or not applicable).</param>
/// <param name="Cycle">The current cycle, from 1 (0 when not applicable); see <see cref="SlaDueEvent.Cycle"/>.</param>
/// <param name="StartedAt">When the current cycle started, or <see langword="null"/> when not applicable.</param>
/// <param name="Elapsed">The business time counted in the current cycle, up to the instant asked about or the instant the clock stopped; pauses excluded.</param>
/// <param name="Remaining">The business time left before the due instant; zero once due.</param>
/// <param name="DueAt">The due instant, or <see langword="null"/> when not applicable, paused with no end, or never due (no business time left in the calendar).</param>
/// <param name="NextThresholdAt">The next warning threshold (or the due instant once every warning has passed) after the instant asked about, while the clock runs; otherwise <see langword="null"/>.</param>
/// <param name="NextThresholdPercent">The share of the target at <paramref name="NextThresholdAt"/> (100 for the due instant), or <see langword="null"/>.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct SlaClock(
    SlaTargetKind Kind,
    SlaClockStatus Status,
    Duration? Target,
    string? Calendar,
    int Cycle,
    Instant? StartedAt,
    Duration Elapsed,
    Duration Remaining,
    Instant? DueAt,
    Instant? NextThresholdAt,
    int? NextThresholdPercent);
