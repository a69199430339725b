using Ardalis.GuardClauses;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Storage;

// Maintenance windows and their audit trail, under the store's one lock.
public sealed partial class InMemoryIncidentStore : IMaintenanceWindowStore
{
    private readonly Dictionary<(string Tenant, string Id), StoredMaintenanceWindow> _windows = [];
    private readonly List<MaintenanceWindowAudit> _windowAudit = [];

    /// <inheritdoc />
    public ValueTask<bool> AddMaintenanceWindowAsync(MaintenanceWindow window, Instant createdAt, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(window);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_windows.TryAdd((window.Tenant.Value, window.Id), new StoredMaintenanceWindow(window, createdAt, null)))
            {
                return ValueTask.FromResult(false);
            }

            _windowAudit.Add(new MaintenanceWindowAudit(window.Tenant, window.Id, MaintenanceWindowChange.Created, createdAt, window.CreatedBy, window.Reason));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> EndMaintenanceWindowAsync(MaintenanceWindowAudit change, CancellationToken cancellationToken = default)
    {
        AlertStoreContract.CheckEnd(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (change.Tenant.Value, change.WindowId);
            if (!_windows.TryGetValue(key, out var stored) || (change.Change == MaintenanceWindowChange.Expired && stored.ExpiredAt is not null))
            {
                return ValueTask.FromResult(false);
            }

            if (change.Change == MaintenanceWindowChange.Expired)
            {
                _windows[key] = stored with { ExpiredAt = change.At };
            }
            else
            {
                _windows.Remove(key);
            }

            _windowAudit.Add(change);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListMaintenanceWindowsAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<StoredMaintenanceWindow>>([.. _windows.Values.Where(w => w.Window.Tenant == tenant).OrderBy(w => w.Window.Id, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListLiveMaintenanceWindowsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<StoredMaintenanceWindow>>([.. _windows.Values.Where(w => w.ExpiredAt is null).OrderBy(w => w.Window.Tenant.Value, StringComparer.Ordinal).ThenBy(w => w.Window.Id, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MaintenanceWindowAudit>> ListMaintenanceWindowAuditAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 10_000);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<MaintenanceWindowAudit>>([.. _windowAudit.Where(a => a.Tenant == tenant).Take(maxItems)]);
        }
    }
}
