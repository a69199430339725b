using System.Text.Json;
using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Turns incident summaries into JSON and back, in the storage format of <see cref="IncidentEventSerializer"/>.</summary>
/// <remarks>SQL stores keep each incident's latest summary as one JSON document next to the columns they filter on.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class IncidentSummarySerializer
{
    /// <summary>Returns a summary's JSON.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static string Serialize(IncidentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.Serialize(summary, IncidentEventJsonContext.Default.IncidentSummary);
    }

    /// <summary>Reads a summary from its JSON.</summary>
    /// <param name="json">The JSON text written by <see cref="Serialize"/>.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed or is not a summary.</exception>
    public static IncidentSummary Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, IncidentEventJsonContext.Default.IncidentSummary)
            ?? throw new JsonException("Expected an incident summary but found JSON null.");
    }
}
