using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Holds one alert group's stored state: opaque JSON written by the intake, versioned for compare-and-set, and one
/// opaque entry per alert of the group.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="GroupKey">The group's key.</param>
/// <param name="Version">The version: 1 after the first save, one more after each.</param>
/// <param name="State">The state, as the intake serialised it (without the group's alerts, which are <see cref="Entries"/>).</param>
/// <param name="NextCheckAt">When time alone may change the group (a hold-down, a silence or a heartbeat deadline), if ever.</param>
/// <remarks>A group may hold thousands of alerts, and a save usually changes a few of them: so each alert's entry is stored on
/// its own, and a save writes only the entries it carries. A store keeps an entry until a later save replaces it (entries are
/// never removed), and writes a save's entries in the same transaction as its state, only when the compare-and-set succeeds.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertGroupRecord(TenantId Tenant, string GroupKey, long Version, string State, Instant? NextCheckAt)
{
    internal static readonly IReadOnlyDictionary<string, string> NoEntries = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the group's per-alert entries by alert key, as the intake serialised them: when read
    /// (<see cref="IAlertStore.FindGroupOrNullAsync"/>), every entry stored; when saved (<see cref="IAlertStore.SaveGroupAsync"/>),
    /// the entries that changed, each replacing the stored entry of its key (the others are kept as stored). Empty by default.</summary>
    /// <remarks>Keys have 1 to <see cref="Alert.MaxKeyLength"/> characters; entries are not empty.</remarks>
    public IReadOnlyDictionary<string, string> Entries { get; init; } = NoEntries;
}
