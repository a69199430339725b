using IncidentKit.Storage;

namespace IncidentKit.Reporting;

/// <summary>Computes incident metrics over histories streamed from a store, one history at a time.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class IncidentMetrics
{
    private const int ProgressEvery = 1000;

    /// <summary>Computes the metrics of a stream of incident histories.</summary>
    /// <param name="histories">The histories, whole, each once, in any order; read once and never held together.</param>
    /// <param name="options">What to measure and how.</param>
    /// <param name="onRow">Called with each incident of the cohort as it is measured (e.g. to write the CSV export), or <see langword="null"/>.</param>
    /// <param name="progress">Told how far the run has come every 1000 histories and at the end, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel the run.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="histories"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="IncidentMetricsAccumulator(IncidentMetricsOptions)"/>), or a history belongs to another tenant or is not whole.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static async ValueTask<IncidentMetricsReport> ComputeAsync(IAsyncEnumerable<IncidentHistory> histories, IncidentMetricsOptions options,
        Func<IncidentReportRow, CancellationToken, ValueTask>? onRow = null, IProgress<ReportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var accumulator = new IncidentMetricsAccumulator(options);
        await foreach (var history in histories.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (onRow is null)
            {
                accumulator.Add(history);
            }
            else if (accumulator.AddAndMeasure(history) is { } row)
            {
                await onRow(row, cancellationToken).ConfigureAwait(false);
            }

            if (progress is not null && accumulator.HistoriesRead % ProgressEvery == 0)
            {
                progress.Report(new ReportProgress(accumulator.HistoriesRead, accumulator.EventsRead));
            }
        }

        progress?.Report(new ReportProgress(accumulator.HistoriesRead, accumulator.EventsRead));
        return accumulator.ToReport();
    }

    /// <summary>Computes the metrics of a tenant's incidents over a period, reading from a store.</summary>
    /// <param name="store">The store; one that implements <see cref="IIncidentHistoryReader"/> answers from its index, any other is listed and read incident by incident.</param>
    /// <param name="options">What to measure and how.</param>
    /// <param name="onRow">Called with each incident of the cohort as it is measured, or <see langword="null"/>.</param>
    /// <param name="progress">Told how far the run has come, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel the run.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="IncidentMetricsAccumulator(IncidentMetricsOptions)"/>).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static ValueTask<IncidentMetricsReport> ReadAndComputeAsync(IIncidentReader store, IncidentMetricsOptions options,
        Func<IncidentReportRow, CancellationToken, ValueTask>? onRow = null, IProgress<ReportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return ComputeAsync(store.ReadActiveAsync(options.Tenant, options.Period, cancellationToken), options, onRow, progress, cancellationToken);
    }
}
