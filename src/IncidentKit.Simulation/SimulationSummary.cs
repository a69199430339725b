using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Holds a run's totals: incidents, pages, night pages, time to acknowledge and resolve, breaches and unreachable steps.</summary>
/// <remarks>Percentiles are nearest-rank over the incidents that were acknowledged (or resolved) before the end of the run.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SimulationSummary
{
    /// <summary>Gets the number of incidents opened.</summary>
    public int Incidents { get; init; }

    /// <summary>Gets the number acknowledged before the end.</summary>
    public int Acknowledged { get; init; }

    /// <summary>Gets the number resolved before the end.</summary>
    public int Resolved { get; init; }

    /// <summary>Gets the pages sent.</summary>
    public int Pages { get; init; }

    /// <summary>Gets the pages that reached people at night in their zone.</summary>
    public int NightPages { get; init; }

    /// <summary>Gets the median time to acknowledge, or <see langword="null"/> when nothing was acknowledged.</summary>
    public Duration? MedianTimeToAcknowledge { get; init; }

    /// <summary>Gets the 90th percentile time to acknowledge, or <see langword="null"/>.</summary>
    public Duration? P90TimeToAcknowledge { get; init; }

    /// <summary>Gets the mean time to resolve, or <see langword="null"/> when nothing was resolved.</summary>
    public Duration? MeanTimeToResolve { get; init; }

    /// <summary>Gets the 90th percentile time to resolve, or <see langword="null"/>.</summary>
    public Duration? P90TimeToResolve { get; init; }

    /// <summary>Gets the SLA breaches, all targets together.</summary>
    public int SlaBreaches { get; init; }

    /// <summary>Gets the deepest escalation level any incident reached.</summary>
    public int MaxEscalationDepth { get; init; }

    /// <summary>Gets the number of incidents that escalated past level 1.</summary>
    public int EscalatedPastFirstLevel { get; init; }

    /// <summary>Gets the escalation steps that reached nobody who could answer.</summary>
    public int UnreachableSteps { get; init; }

    internal static SimulationSummary Of(IReadOnlyList<IncidentOutcome> incidents)
    {
        var tta = incidents.Where(i => i.TimeToAcknowledge is not null).Select(i => i.TimeToAcknowledge!.Value).Order().ToArray();
        var ttr = incidents.Where(i => i.TimeToResolve is not null).Select(i => i.TimeToResolve!.Value).Order().ToArray();
        return new SimulationSummary
        {
            Incidents = incidents.Count,
            Acknowledged = tta.Length,
            Resolved = ttr.Length,
            Pages = incidents.Sum(i => i.Pages),
            NightPages = incidents.Sum(i => i.NightPages),
            MedianTimeToAcknowledge = Percentile(tta, 50),
            P90TimeToAcknowledge = Percentile(tta, 90),
            MeanTimeToResolve = ttr.Length == 0 ? null : Duration.FromTicks(ttr.Sum(d => d.BclCompatibleTicks) / ttr.Length),
            P90TimeToResolve = Percentile(ttr, 90),
            SlaBreaches = incidents.Sum(i => i.SlaBreaches.Count),
            MaxEscalationDepth = incidents.Count == 0 ? 0 : incidents.Max(i => i.EscalationDepth),
            EscalatedPastFirstLevel = incidents.Count(i => i.EscalationDepth > 1),
            UnreachableSteps = incidents.Sum(i => i.UnreachableSteps),
        };
    }

    // Nearest rank: the smallest value with at least p % of the values at or below it.
    internal static Duration? Percentile(Duration[] sorted, int percent) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
