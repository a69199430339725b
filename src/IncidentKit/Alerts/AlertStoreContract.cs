using Ardalis.GuardClauses;
using IncidentKit.Guards;

namespace IncidentKit.Alerts;

/// <summary>Checks the arguments of <see cref="IAlertStore"/> calls the same way in every store.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class AlertStoreContract
{
    /// <summary>Throws when a group save is malformed.</summary>
    /// <param name="group">The new state.</param>
    /// <param name="expectedVersion">The version read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is empty or longer than 1000 characters, the new version is not one more than the
    /// expected one, or an entry's key is empty or longer than <see cref="Alert.MaxKeyLength"/> characters or its text empty.</exception>
    public static void CheckSave(AlertGroupRecord group, long expectedVersion)
    {
        Guard.Against.Null(group);
        Guard.Against.NullOrEmpty(group.GroupKey, $"{nameof(group)}.{nameof(group.GroupKey)}");
        Guard.Against.NullOrEmpty(group.State, $"{nameof(group)}.{nameof(group.State)}");
        if (group.GroupKey.Length > 1000)
        {
            throw new ArgumentException("A group key has at most 1000 characters.", nameof(group));
        }

        if (expectedVersion < 0 || group.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The new version ({group.Version}) must be one more than the expected version ({expectedVersion}).", nameof(group));
        }

        Guard.Against.Null(group.Entries, $"{nameof(group)}.{nameof(group.Entries)}");
        foreach (var (key, entry) in group.Entries)
        {
            if (key.Length is 0 or > Alert.MaxKeyLength || string.IsNullOrEmpty(entry))
            {
                throw new ArgumentException(
                    $"An entry's key has 1 to {Alert.MaxKeyLength} characters and its text is not empty (entry '{(key.Length > 40 ? key[..40] + "…" : key)}').",
                    $"{nameof(group)}.{nameof(group.Entries)}");
            }
        }
    }

    /// <summary>Throws when a maintenance window change for <see cref="IMaintenanceWindowStore.EndMaintenanceWindowAsync"/> is malformed.</summary>
    /// <param name="change">The change.</param>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    /// <exception cref="ArgumentException">The change is neither an expiry nor a deletion, or the tenant, id, actor or reason is
    /// unset, empty or too long (ids 128, reasons 1000 characters).</exception>
    public static void CheckEnd(MaintenanceWindowAudit change)
    {
        Guard.Against.Null(change);
        Guard.Against.Unset(change.Tenant, $"{nameof(change)}.{nameof(change.Tenant)}");
        Guard.Against.InvalidText(change.WindowId, 128, $"{nameof(change)}.{nameof(change.WindowId)}");
        Guard.Against.Unset(change.Actor, $"{nameof(change)}.{nameof(change.Actor)}");
        Guard.Against.InvalidText(change.Reason, 1000, $"{nameof(change)}.{nameof(change.Reason)}");
        if (change.Change is not (MaintenanceWindowChange.Expired or MaintenanceWindowChange.Deleted))
        {
            throw new ArgumentException($"Expected {nameof(MaintenanceWindowChange.Expired)} or {nameof(MaintenanceWindowChange.Deleted)}, got {change.Change}.",
                $"{nameof(change)}.{nameof(change.Change)}");
        }
    }
}
