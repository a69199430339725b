using System.Collections.Concurrent;
using System.Text.Json;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;

namespace IncidentKit.AspNetCore.Http;

// Timeline entries show each event in the store's own JSON, so the API never needs a second mapping per event type.
internal static class TimelineEntries
{
    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();

    public static TimelineEntry From(IncidentEvent e, long sequence)
    {
        using var document = JsonDocument.Parse(IncidentEventSerializer.SerializeToUtf8Bytes(e));
        var root = document.RootElement.Clone();
        return new TimelineEntry(sequence, root.GetProperty("type").GetString() ?? "event", e.At, e.Actor, root);
    }

    public static string TypeOf(IncidentEvent e) => TypeNames.GetOrAdd(e.GetType(), _ =>
    {
        using var document = JsonDocument.Parse(IncidentEventSerializer.SerializeToUtf8Bytes(e));
        return document.RootElement.GetProperty("type").GetString() ?? "event";
    });
}
