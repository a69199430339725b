using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Holds the metrics of one tenant's incidents over a period: the read side of the incident streams.</summary>
/// <remarks>
/// <para>The cohort: incidents <em>opened</em> in the period (PagerDuty counts incidents by when they were triggered), exercises
/// left out unless asked. Their durations, SLA outcomes, reopenings, escalation depth and counts are reported whatever
/// happened to them after the period, as far as the histories read go. Pages are different: every page <em>sent</em> in the
/// period counts, whenever its incident was opened.</para>
/// <para>Each metric's clock is described on <see cref="IncidentTimes"/> and in docs/reporting.md.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentMetricsReport
{
    /// <summary>Gets the options the report was computed with.</summary>
    public required IncidentMetricsOptions Options { get; init; }

    /// <summary>Gets the number of incident histories read (in the cohort or not).</summary>
    public long HistoriesRead { get; init; }

    /// <summary>Gets the number of events read.</summary>
    public long EventsRead { get; init; }

    /// <summary>Gets the number of incidents opened in the period.</summary>
    public int Opened { get; init; }

    /// <summary>Gets the number of incidents whose last resolution fell in the period and that are still resolved or closed.</summary>
    public int Resolved { get; init; }

    /// <summary>Gets the number of incidents opened in the period that were cancelled.</summary>
    public int Cancelled { get; init; }

    /// <summary>Gets the number of incidents opened in the period that were never acknowledged.</summary>
    public int Unacknowledged { get; init; }

    /// <summary>Gets the number of incidents opened in the period that are not resolved (open, reopened, or cancelled).</summary>
    public int Unresolved { get; init; }

    /// <summary>Gets the wall-clock time to acknowledge of the cohort.</summary>
    public DurationStatistics TimeToAcknowledge { get; init; } = DurationStatistics.Empty;

    /// <summary>Gets the time to acknowledge of the cohort in business time.</summary>
    public DurationStatistics BusinessTimeToAcknowledge { get; init; } = DurationStatistics.Empty;

    /// <summary>Gets the wall-clock time to resolve of the cohort (holds included).</summary>
    public DurationStatistics TimeToResolve { get; init; } = DurationStatistics.Empty;

    /// <summary>Gets the time to resolve of the cohort in business time, holds left out.</summary>
    public DurationStatistics BusinessTimeToResolve { get; init; } = DurationStatistics.Empty;

    /// <summary>Gets the time to detect of the cohort's incidents that an alert started.</summary>
    public DurationStatistics TimeToDetect { get; init; } = DurationStatistics.Empty;

    /// <summary>Gets the mean time to acknowledge (MTTA), wall clock.</summary>
    public Duration? Mtta => TimeToAcknowledge.Mean;

    /// <summary>Gets the mean time to resolve (MTTR), wall clock.</summary>
    public Duration? Mttr => TimeToResolve.Mean;

    /// <summary>Gets the number of the cohort's incidents resolved at least once.</summary>
    public int ResolvedAtLeastOnce { get; init; }

    /// <summary>Gets the number of the cohort's incidents reopened at least once.</summary>
    public int Reopened { get; init; }

    /// <summary>Gets the reopen rate: reopened ÷ resolved at least once, 0 to 1, or <see langword="null"/> when none was resolved.</summary>
    public double? ReopenRate => ResolvedAtLeastOnce == 0 ? null : (double)Reopened / ResolvedAtLeastOnce;

    /// <summary>Gets how many of the cohort's incidents reached each escalation depth (deepest level fired; 0 for none).</summary>
    public IReadOnlyDictionary<int, int> EscalationDepths { get; init; } = new Dictionary<int, int>();

    /// <summary>Gets the mean escalation depth of the cohort, or <see langword="null"/> when it is empty.</summary>
    public double? MeanEscalationDepth { get; init; }

    /// <summary>Gets the number of manual escalations in the cohort.</summary>
    public int ManualEscalations { get; init; }

    /// <summary>Gets the cohort's counts per priority, category, service and team, largest first within each dimension.</summary>
    public IReadOnlyList<DimensionCount> Counts { get; init; } = [];

    /// <summary>Gets the cohort's SLA outcomes per target kind and per priority, category, service and team.</summary>
    public IReadOnlyList<SlaComplianceEntry> SlaCompliance { get; init; } = [];

    /// <summary>Gets the number of SLA clocks the cohort breached.</summary>
    public int SlaBreaches { get; init; }

    /// <summary>Gets the number of SLA clocks the cohort met.</summary>
    public int SlaMet { get; init; }

    /// <summary>Gets the pages per person sent in the period, most paged first.</summary>
    public IReadOnlyList<OnCallLoad> OnCallLoad { get; init; } = [];

    /// <summary>Gets the pages sent in the period per local weekday and hour of the report's zone: index (ISO weekday − 1) × 24 + hour.</summary>
    public IReadOnlyList<int> PageHeatMap { get; init; } = new int[7 * 24];

    /// <summary>Gets the trend, one point per ISO week or month of the period in the report's zone, oldest first.</summary>
    public IReadOnlyList<TrendPoint> Trend { get; init; } = [];

    /// <summary>Gets the service and category pairs shared by at least two of the cohort's incidents, most frequent first.</summary>
    public IReadOnlyList<RecurringGroup> Recurring { get; init; } = [];

    /// <summary>Gets each step of each runbook version the cohort's incidents had attached, with its counts and timings, by runbook
    /// id, version and step.</summary>
    public IReadOnlyList<RunbookStepReport> RunbookSteps { get; init; } = [];

    /// <summary>Returns the counts of one dimension, largest first.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>The counts.</returns>
    public IEnumerable<DimensionCount> CountsBy(ReportDimension dimension) => Counts.Where(c => c.Dimension == dimension);

    /// <summary>Returns the SLA outcomes of one dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>The entries, by target kind then value.</returns>
    public IEnumerable<SlaComplianceEntry> SlaBy(ReportDimension dimension) => SlaCompliance.Where(c => c.Dimension == dimension);

    /// <summary>Returns the pages sent in the period at one local weekday and hour of the report's zone.</summary>
    /// <param name="day">The weekday.</param>
    /// <param name="hour">The hour, 0 to 23.</param>
    /// <returns>The number of pages.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="day"/> is not a weekday or <paramref name="hour"/> is outside 0 to 23.</exception>
    public int PagesAt(IsoDayOfWeek day, int hour)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan((int)day, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((int)day, 7);
        ArgumentOutOfRangeException.ThrowIfNegative(hour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);
        return PageHeatMap[(((int)day - 1) * 24) + hour];
    }
}
