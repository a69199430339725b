using System.Runtime.CompilerServices;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Defines when an incident was active, for <see cref="IIncidentHistoryReader"/>, and reads active histories from any store.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class IncidentActivity
{
    private const int PageSize = 1000;
    private static readonly IncidentState[] AllStates = Enum.GetValues<IncidentState>();

    /// <summary>Returns when an incident settled: its last resolution, or its cancellation if it was never resolved.</summary>
    /// <param name="summary">The incident's summary.</param>
    /// <returns>The instant, or <see langword="null"/> while it is open (a reopened incident is open again).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static Instant? SettledAt(IncidentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.ResolvedAt ?? summary.ClosedAt;
    }

    /// <summary>Returns whether an incident was active in a period: opened before its end and not settled before its start.</summary>
    /// <param name="summary">The incident's summary.</param>
    /// <param name="period">The period, [start, end); both ends are required.</param>
    /// <returns><see langword="true"/> when it was active.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="period"/> lacks a start or an end.</exception>
    public static bool WasActiveIn(IncidentSummary summary, Interval period)
    {
        CheckPeriod(period);
        return summary.OpenedAt < period.End && (SettledAt(summary) is not { } settled || settled >= period.Start);
    }

    /// <summary>Checks a period for <see cref="IIncidentHistoryReader.ReadActiveAsync"/>.</summary>
    /// <param name="period">The period.</param>
    /// <exception cref="ArgumentException"><paramref name="period"/> lacks a start or an end.</exception>
    public static void CheckPeriod(Interval period)
    {
        if (!period.HasStart || !period.HasEnd)
        {
            throw new ArgumentException($"A report period needs both a start and an end; got {period}.", nameof(period));
        }
    }

    /// <summary>Streams the whole histories of a tenant's incidents active in a period from any store.</summary>
    /// <param name="reader">The store. One that implements <see cref="IIncidentHistoryReader"/> answers from its index; any other
    /// is listed page by page (every state) and each active incident read on its own, which scans the tenant's incidents.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="period">The period, [start, end); both ends are required.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The histories.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="period"/> lacks a start or an end.</exception>
    public static IAsyncEnumerable<IncidentHistory> ReadActiveAsync(this IIncidentReader reader, TenantId tenant, Interval period,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        CheckPeriod(period);
        return reader is IIncidentHistoryReader indexed
            ? indexed.ReadActiveAsync(tenant, period, cancellationToken)
            : ScanAsync(reader, tenant, period, cancellationToken);
    }

    private static async IAsyncEnumerable<IncidentHistory> ScanAsync(IIncidentReader reader, TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new IncidentQuery { States = AllStates, PageSize = PageSize };
        while (true)
        {
            var page = await reader.ListAsync(tenant, query, cancellationToken).ConfigureAwait(false);
            foreach (var summary in page.Items)
            {
                if (WasActiveIn(summary, period))
                {
                    var history = await reader.ReadAsync(tenant, summary.Id, 0, cancellationToken).ConfigureAwait(false);
                    if (history.Exists)
                    {
                        yield return history;
                    }
                }
            }

            if (page.ContinuationToken is not { } next)
            {
                yield break;
            }

            query = query with { ContinuationToken = next };
        }
    }
}
