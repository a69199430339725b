using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Keeps maintenance windows (silences) per tenant with their audit trail, in the same store as the incidents.</summary>
/// <remarks>
/// <para>Every change writes the window and its <see cref="MaintenanceWindowAudit"/> entry together, or neither. A window is
/// live from creation until it is expired (it stays listed with <see cref="StoredMaintenanceWindow.ExpiredAt"/>) or deleted (it
/// is gone; its audit trail stays). Tenants never see or change each other's windows. Implementations are thread-safe and, for
/// SQL stores, safe across processes sharing one database.</para>
/// </remarks>
public interface IMaintenanceWindowStore
{
    /// <summary>Adds a window and its <see cref="MaintenanceWindowChange.Created"/> entry (by <see cref="MaintenanceWindow.CreatedBy"/>, for
    /// <see cref="MaintenanceWindow.Reason"/>).</summary>
    /// <param name="window">The window.</param>
    /// <param name="createdAt">When it is created.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the tenant has a window with that id already (nothing is written).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="window"/> is null.</exception>
    ValueTask<bool> AddMaintenanceWindowAsync(MaintenanceWindow window, Instant createdAt, CancellationToken cancellationToken = default);

    /// <summary>Expires or deletes a window and records the change.</summary>
    /// <param name="change">The change: <see cref="MaintenanceWindowChange.Expired"/> (a live window) or <see cref="MaintenanceWindowChange.Deleted"/> (any window).</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when changed; <see langword="false"/> when the tenant has no such window, or it is expired already (nothing is written).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    /// <exception cref="ArgumentException">The change is not an expiry or a deletion, or a field is empty, unset or too long.</exception>
    ValueTask<bool> EndMaintenanceWindowAsync(MaintenanceWindowAudit change, CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's windows, live and expired, by id.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The windows.</returns>
    ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListMaintenanceWindowsAsync(TenantId tenant, CancellationToken cancellationToken = default);

    /// <summary>Lists the live windows of every tenant: what the intake silences with.</summary>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The live windows, by tenant and id.</returns>
    ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListLiveMaintenanceWindowsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's window audit trail, oldest first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="maxItems">The most entries, 1 to 10 000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is out of range.</exception>
    ValueTask<IReadOnlyList<MaintenanceWindowAudit>> ListMaintenanceWindowAuditAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default);
}
