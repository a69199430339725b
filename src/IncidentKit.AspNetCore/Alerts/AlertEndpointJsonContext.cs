using System.Text.Json.Serialization;

namespace IncidentKit.AspNetCore.Alerts;

internal sealed record EventsV2Accepted(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("dedup_key")] string DedupKey);

internal sealed record EventsV2Rejected(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors);

internal sealed record AlertsAccepted(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("received")] int Received,
    [property: JsonPropertyName("new")] int New);

[JsonSerializable(typeof(EventsV2Accepted))]
[JsonSerializable(typeof(EventsV2Rejected))]
[JsonSerializable(typeof(AlertsAccepted))]
internal sealed partial class AlertEndpointJsonContext : JsonSerializerContext;
