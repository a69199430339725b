using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Creates, lists, expires and deletes a tenant's maintenance windows (silences), durably and with an audit trail, and
/// makes the intake use them at once.</summary>
/// <remarks>Windows live in an <see cref="IMaintenanceWindowStore"/> (the shipped stores are one). A window expired or deleted
/// while an alert it silenced still fires lets that alert open its incident right away.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class MaintenanceWindowService
{
    private readonly IMaintenanceWindowStore _store;
    private readonly AlertProcessor _processor;
    private readonly IClock _clock;

    /// <summary>Initializes the service.</summary>
    /// <param name="store">The store of the windows.</param>
    /// <param name="processor">The intake that silences with them.</param>
    /// <param name="clock">The clock.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public MaintenanceWindowService(IMaintenanceWindowStore store, AlertProcessor processor, IClock clock)
    {
        _store = Guard.Against.Null(store);
        _processor = Guard.Against.Null(processor);
        _clock = Guard.Against.Null(clock);
    }

    /// <summary>Creates a window (its creator and reason are recorded as the audit's first entry).</summary>
    /// <param name="window">The window, from <see cref="MaintenanceWindow.Once"/> or <see cref="MaintenanceWindow.Weekly"/>.</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns><see langword="true"/> when created; <see langword="false"/> when the tenant has a window with that id already.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="window"/> is null.</exception>
    public async Task<bool> CreateAsync(MaintenanceWindow window, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(window);
        var added = await _store.AddMaintenanceWindowAsync(window, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        await _processor.RefreshSilencesAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Ends a live window now; it stays listed as expired.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The window's id.</param>
    /// <param name="actor">Who expires it.</param>
    /// <param name="reason">Why (1 to 1000 characters).</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns><see langword="true"/> when expired; <see langword="false"/> when the tenant has no such live window.</returns>
    /// <exception cref="ArgumentException">An argument is empty, unset or too long.</exception>
    public Task<bool> ExpireAsync(TenantId tenant, string id, UserId actor, string reason, CancellationToken cancellationToken = default) =>
        EndAsync(tenant, id, MaintenanceWindowChange.Expired, actor, reason, cancellationToken);

    /// <summary>Removes a window (live or expired); its audit trail stays.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The window's id.</param>
    /// <param name="actor">Who deletes it.</param>
    /// <param name="reason">Why (1 to 1000 characters).</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns><see langword="true"/> when deleted; <see langword="false"/> when the tenant has no such window.</returns>
    /// <exception cref="ArgumentException">An argument is empty, unset or too long.</exception>
    public Task<bool> DeleteAsync(TenantId tenant, string id, UserId actor, string reason, CancellationToken cancellationToken = default) =>
        EndAsync(tenant, id, MaintenanceWindowChange.Deleted, actor, reason, cancellationToken);

    /// <summary>Lists a tenant's windows, live and expired.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The windows, by id.</returns>
    public Task<IReadOnlyList<StoredMaintenanceWindow>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default) =>
        _store.ListMaintenanceWindowsAsync(tenant, cancellationToken).AsTask();

    /// <summary>Lists a tenant's window audit trail, oldest first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="maxItems">The most entries, 1 to 10 000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is out of range.</exception>
    public Task<IReadOnlyList<MaintenanceWindowAudit>> AuditAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default) =>
        _store.ListMaintenanceWindowAuditAsync(tenant, maxItems, cancellationToken).AsTask();

    private async Task<bool> EndAsync(TenantId tenant, string id, MaintenanceWindowChange change, UserId actor, string reason, CancellationToken cancellationToken)
    {
        var audit = new MaintenanceWindowAudit(tenant, id, change, _clock.GetCurrentInstant(), actor, reason);
        AlertStoreContract.CheckEnd(audit);
        var ended = await _store.EndMaintenanceWindowAsync(audit, cancellationToken).ConfigureAwait(false);
        await _processor.RefreshSilencesAsync(cancellationToken).ConfigureAwait(false);
        return ended;
    }
}
