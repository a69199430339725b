using NodaTime;

namespace IncidentKit.Alerts;

// Maintenance windows kept in the store: loaded beside the configured ones, and re-applied to waiting groups when one is
// expired or deleted early, so an alert it silenced opens its incident now rather than at the window's planned end.
public sealed partial class AlertProcessor
{
    private const int MaxGroupsReapplied = 1000;
    private SilenceSet _configured = SilenceSet.Empty;
    private IReadOnlyList<MaintenanceWindow> _stored = [];
    private string _storedStamp = "";

    /// <summary>Loads the live maintenance windows from the store (when it keeps them, see <see cref="IMaintenanceWindowStore"/>) and
    /// uses them with the configured <see cref="Silences"/>; when a window has gone, re-checks the groups it may have held back.</summary>
    /// <remarks>Call it after changing windows (<see cref="MaintenanceWindowService"/> does) and periodically on every node, so that
    /// windows changed by another node take effect here too; the hosted intake worker calls it every round. Up to 1000 waiting
    /// groups are re-checked per change.</remarks>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns><see langword="true"/> when the set of windows changed.</returns>
    public async Task<bool> RefreshSilencesAsync(CancellationToken cancellationToken = default)
    {
        if (_store is not IMaintenanceWindowStore windows)
        {
            return false;
        }

        var live = await windows.ListLiveMaintenanceWindowsAsync(cancellationToken).ConfigureAwait(false);
        var stamp = string.Join('\n', live.Select(w => $"{w.Window.Tenant.Value}\u001f{w.Window.Id}\u001f{w.CreatedAt.ToUnixTimeTicks()}"));
        if (string.Equals(stamp, Volatile.Read(ref _storedStamp), StringComparison.Ordinal))
        {
            return false;
        }

        var before = _stored;
        _stored = [.. live.Select(w => w.Window)];
        _silences = Combine();
        Volatile.Write(ref _storedStamp, stamp);
        if (before.Any(w => !_stored.Contains(w)))
        {
            await ReapplySilencesAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private SilenceSet Combine() => _stored.Count == 0 ? _configured : new SilenceSet([.. _configured.Windows, .. _stored]);

    // Groups waiting on a silence have a next check at its end; ask them again now.
    private async Task ReapplySilencesAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var waiting = await _store.ListDueGroupsAsync(Instant.MaxValue, MaxGroupsReapplied, cancellationToken).ConfigureAwait(false);
        foreach (var group in waiting.Where(g => g.NextCheckAt > now && !g.GroupKey.StartsWith("heartbeat|", StringComparison.Ordinal)))
        {
            await DecideAsync(group.Tenant, group.GroupKey, (state, at) => AlertGroupEngine.Tick(state, at, _silences, _options, GroupChecksHeartbeats), cancellationToken).ConfigureAwait(false);
        }
    }
}
