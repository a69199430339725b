using System.Text.Json;

namespace IncidentKit.Alerts;

/// <summary>Reads PagerDuty Events API v2-compatible events (<c>POST /v2/enqueue</c>), so that tools that page PagerDuty can page IncidentKit.</summary>
/// <remarks>
/// <para>Required: <c>routing_key</c>, <c>event_action</c> (<c>trigger</c>, <c>acknowledge</c> or <c>resolve</c>); for a trigger
/// <c>payload</c> with <c>summary</c> (at most 1024 characters), <c>source</c> and <c>severity</c> (<c>critical</c>, <c>error</c>,
/// <c>warning</c> or <c>info</c>); for acknowledge and resolve a <c>dedup_key</c>. A trigger without <c>dedup_key</c> gets a
/// generated one, returned to the sender. <c>dedup_key</c> has at most 255 characters. Optional: <c>payload.timestamp</c>
/// (RFC 3339), <c>component</c>, <c>group</c>, <c>class</c>, <c>custom_details</c> (any JSON), <c>links</c> (<c>href</c>,
/// <c>text</c>), <c>images</c> (<c>src</c>, <c>href</c>, <c>alt</c>), <c>client</c>, <c>client_url</c>.</para>
/// <para>Bad input throws <see cref="AlertFormatException"/> naming the field, and nothing else.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class EventsV2
{
    /// <summary>The integration name alerts read by this parser carry.</summary>
    public const string Integration = "events-v2";

    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    /// <summary>Reads an event.</summary>
    /// <param name="utf8Json">The request body.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <returns>The event.</returns>
    /// <exception cref="AlertFormatException">The body is too large, not JSON, or a field is missing, of the wrong type or out of range.</exception>
    public static EventsV2Event Parse(ReadOnlyMemory<byte> utf8Json, int maxBytes = AlertBody.DefaultMaxBytes)
    {
        using var document = AlertBody.Parse(utf8Json, maxBytes);
        var root = AlertBody.RequireObject(document.RootElement, "");
        var routingKey = AlertBody.RequireString(root, "routing_key", "", 200);
        var actionText = AlertBody.RequireString(root, "event_action", "", 32);
        var action = actionText switch
        {
            "trigger" => EventsV2Action.Trigger,
            "acknowledge" => EventsV2Action.Acknowledge,
            "resolve" => EventsV2Action.Resolve,
            _ => throw new AlertFormatException("/event_action", $"'{AlertBody.Clip(actionText)}' is not an action; expected \"trigger\", \"acknowledge\" or \"resolve\"."),
        };
        var dedupKey = AlertBody.OptionalString(root, "dedup_key", "", Alert.MaxKeyLength);
        if (dedupKey is { Length: 0 })
        {
            throw new AlertFormatException("/dedup_key", "expected a non-empty string of at most 255 characters.");
        }

        if (dedupKey is null && action != EventsV2Action.Trigger)
        {
            throw new AlertFormatException("/dedup_key", $"the field is required to {actionText} an alert.");
        }

        var result = new EventsV2Event
        {
            RoutingKey = routingKey,
            Action = action,
            DedupKey = dedupKey ?? Guid.NewGuid().ToString("N"),
            DedupKeyGenerated = dedupKey is null,
            Client = AlertBody.OptionalString(root, "client", "", 1000),
            ClientUrl = AlertBody.OptionalString(root, "client_url", "", 2000),
            Links = Links(root, "links", "href", "text", null),
            Images = Links(root, "images", "src", "alt", "href"),
        };

        if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind == JsonValueKind.Null)
        {
            return action == EventsV2Action.Trigger ? throw new AlertFormatException("/payload", "the field is required to trigger an alert.") : result;
        }

        AlertBody.RequireObject(payload, "/payload");
        var trigger = action == EventsV2Action.Trigger;
        var summary = trigger ? AlertBody.RequireString(payload, "summary", "/payload", 1024) : AlertBody.OptionalString(payload, "summary", "/payload", 1024);
        var source = trigger ? AlertBody.RequireString(payload, "source", "/payload", 1000) : AlertBody.OptionalString(payload, "source", "/payload", 1000);
        var severity = trigger ? AlertBody.RequireString(payload, "severity", "/payload", 16) : AlertBody.OptionalString(payload, "severity", "/payload", 16);
        if (severity is not null && Array.IndexOf(Severities, severity) < 0)
        {
            throw new AlertFormatException("/payload/severity", $"'{AlertBody.Clip(severity)}' is not a severity; expected critical, error, warning or info.");
        }

        var timestamp = AlertBody.OptionalString(payload, "timestamp", "/payload", 64);
        string? details = null;
        if (payload.TryGetProperty("custom_details", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            details = d.GetRawText();
        }

        return result with
        {
            Summary = summary,
            Source = source,
            Severity = severity,
            Timestamp = timestamp is null ? null : AlertBody.ParseTime(timestamp, "/payload/timestamp"),
            Component = AlertBody.OptionalString(payload, "component", "/payload", 1000),
            Group = AlertBody.OptionalString(payload, "group", "/payload", 1000),
            Class = AlertBody.OptionalString(payload, "class", "/payload", 1000),
            CustomDetails = details,
        };
    }

    private static EventsV2Link[] Links(JsonElement root, string name, string hrefName, string textName, string? linkName)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var at = "/" + name;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new AlertFormatException(at, $"expected an array, found {AlertBody.Kind(array)}.");
        }

        var links = new List<EventsV2Link>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemAt = AlertBody.Index(at, i++);
            AlertBody.RequireObject(item, itemAt);
            links.Add(new EventsV2Link(AlertBody.RequireString(item, hrefName, itemAt, 2000), AlertBody.OptionalString(item, textName, itemAt, 1000),
                linkName is null ? null : AlertBody.OptionalString(item, linkName, itemAt, 2000)));
        }

        return [.. links];
    }
}
