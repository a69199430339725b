using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Streams the whole histories of a tenant's incidents that were active in a period: the query reports read.</summary>
/// <remarks>
/// <para>An incident is active in [start, end) when it was opened before the end and was not settled before the start, where
/// it settles when last resolved or, if never resolved, when cancelled (<see cref="IncidentActivity.SettledAt"/>). That holds
/// every incident opened or resolved in the period, and those open throughout it, so every event a report counts in the
/// period is in the answer. An incident resolved, then reopened, is settled only by its latest resolution.</para>
/// <para>Stores answer from an index on (tenant, settled instant) rather than by scanning the tenant's incidents; the
/// histories come one at a time, in no promised order, each whole (from version 1), and the enumeration holds none of the
/// earlier ones. Tenants never see each other's incidents.</para>
/// </remarks>
public interface IIncidentHistoryReader
{
    /// <summary>Streams the whole histories of a tenant's incidents that were active in a period.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="period">The period, [start, end); both ends are required.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The histories, each with <see cref="IncidentHistory.FromVersion"/> 0.</returns>
    /// <exception cref="ArgumentException"><paramref name="period"/> lacks a start or an end.</exception>
    IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period, CancellationToken cancellationToken = default);
}
