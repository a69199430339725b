using System.Text.Json;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Turns alerts into JSON and back: the inbox's storage format, shared by every store.</summary>
/// <remarks>Source-generated, camelCase, instants as ISO-8601 UTC text with up to nanoseconds.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class AlertSerializer
{
    /// <summary>Returns an alert's JSON.</summary>
    /// <param name="alert">The alert.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alert"/> is null.</exception>
    public static string Serialize(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return JsonSerializer.Serialize(alert, AlertJsonContext.Default.Alert);
    }

    /// <summary>Reads an alert from JSON written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The alert.</returns>
    /// <exception cref="JsonException">The text is not an alert.</exception>
    public static Alert Deserialize(string json) =>
        JsonSerializer.Deserialize(json, AlertJsonContext.Default.Alert) ?? throw new JsonException("Expected an alert, found null.");

    // The record that saves a group's state as the given version: the state without its alerts, and the entries of the alerts
    // changed since it was read or last saved (the caller clears state.Changed once the save succeeded).
    internal static AlertGroupRecord ToRecord(AlertGroupState state, long version, Instant? nextCheckAt)
    {
        var entries = new Dictionary<string, string>(state.Changed.Count, StringComparer.Ordinal);
        foreach (var key in state.Changed)
        {
            entries[key] = JsonSerializer.Serialize(state.Alerts[key], AlertJsonContext.Default.AlertEntry);
        }

        return new AlertGroupRecord(state.Tenant, state.GroupKey, version, JsonSerializer.Serialize(state, AlertJsonContext.Default.AlertGroupState), nextCheckAt)
        {
            Entries = entries,
        };
    }

    // The state a record holds, with its alerts from its entries; alerts a group saved before they were entries of their own kept
    // in its state are marked changed, so that the next save writes them as entries.
    internal static AlertGroupState FromRecord(AlertGroupRecord record)
    {
        var state = JsonSerializer.Deserialize(record.State, AlertJsonContext.Default.AlertGroupState) ?? throw new JsonException("Expected an alert group, found null.");
        if (state.StateAlerts is { } old)
        {
            foreach (var (key, entry) in old)
            {
                state.Alerts[key] = entry;
                state.Changed.Add(key);
            }

            state.StateAlerts = null;
        }

        state.Alerts.EnsureCapacity(state.Alerts.Count + record.Entries.Count);
        foreach (var (key, text) in record.Entries)
        {
            state.Alerts[key] = JsonSerializer.Deserialize(text, AlertJsonContext.Default.AlertEntry) ?? throw new JsonException($"Expected the entry of alert '{key}', found null.");
            state.Changed.Remove(key);
        }

        return state;
    }
}
