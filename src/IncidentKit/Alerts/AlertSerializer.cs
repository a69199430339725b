using System.Text.Json;

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

    internal static string SerializeGroup(AlertGroupState state) => JsonSerializer.Serialize(state, AlertJsonContext.Default.AlertGroupState);

    internal static AlertGroupState DeserializeGroup(string json) =>
        JsonSerializer.Deserialize(json, AlertJsonContext.Default.AlertGroupState) ?? throw new JsonException("Expected an alert group, found null.");
}
