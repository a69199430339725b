using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Reads incident streams and lists a tenant's incidents.</summary>
/// <remarks>Implementations are thread-safe. Tenants never see each other's incidents.</remarks>
public interface IIncidentReader
{
    /// <summary>Reads an incident's events after a given version.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="fromVersion">The version to read after: 0 reads the whole stream.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The stream; its <see cref="IncidentHistory.Version"/> is 0 when the incident does not exist (for this tenant).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromVersion"/> is negative.</exception>
    ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default);

    /// <summary>Lists a page of a tenant's incidents that match a query.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="query">The filters and page.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The page size is outside 1 to 1000, or the continuation token is not one this store issued.</exception>
    ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default);
}
