using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Holds one PagerDuty Events API v2-compatible event, every field of it.</summary>
/// <remarks>Read with <see cref="EventsV2.Parse"/>. For a trigger, <see cref="Summary"/>, <see cref="Source"/> and
/// <see cref="Severity"/> are present; acknowledge and resolve carry a <see cref="DedupKey"/> given by the sender.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EventsV2Event
{
    /// <summary>Gets the integration key the sender put in <c>routing_key</c>.</summary>
    public required string RoutingKey { get; init; }

    /// <summary>Gets the action.</summary>
    public required EventsV2Action Action { get; init; }

    /// <summary>Gets the deduplication key (1 to 255 characters), the sender's or a generated one.</summary>
    public required string DedupKey { get; init; }

    /// <summary>Gets whether <see cref="DedupKey"/> was generated because the sender gave none.</summary>
    public bool DedupKeyGenerated { get; init; }

    /// <summary>Gets <c>payload.summary</c>, if any.</summary>
    public string? Summary { get; init; }

    /// <summary>Gets <c>payload.source</c>, if any.</summary>
    public string? Source { get; init; }

    /// <summary>Gets <c>payload.severity</c> (critical, error, warning or info), if any.</summary>
    public string? Severity { get; init; }

    /// <summary>Gets <c>payload.timestamp</c>, if any.</summary>
    public Instant? Timestamp { get; init; }

    /// <summary>Gets <c>payload.component</c>, if any.</summary>
    public string? Component { get; init; }

    /// <summary>Gets <c>payload.group</c>, if any.</summary>
    public string? Group { get; init; }

    /// <summary>Gets <c>payload.class</c>, if any.</summary>
    public string? Class { get; init; }

    /// <summary>Gets <c>payload.custom_details</c> as JSON text, if any.</summary>
    public string? CustomDetails { get; init; }

    /// <summary>Gets <c>client</c>, if any.</summary>
    public string? Client { get; init; }

    /// <summary>Gets <c>client_url</c>, if any.</summary>
    public string? ClientUrl { get; init; }

    /// <summary>Gets <c>links</c>.</summary>
    public IReadOnlyList<EventsV2Link> Links { get; init; } = [];

    /// <summary>Gets <c>images</c>.</summary>
    public IReadOnlyList<EventsV2Link> Images { get; init; } = [];

    /// <summary>Returns the event as an alert: the dedup key as key and sender group key, the payload's fields as labels.</summary>
    /// <param name="receivedAt">When the event was received; the start when the payload has no timestamp.</param>
    /// <returns>The alert.</returns>
    public Alert ToAlert(Instant receivedAt)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(labels, "source", Source);
        Put(labels, "severity", Severity);
        Put(labels, "component", Component);
        Put(labels, "group", Group);
        Put(labels, "class", Class);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(annotations, "summary", Summary);
        Put(annotations, "custom_details", CustomDetails);
        Put(annotations, "client", Client);
        return new Alert
        {
            Integration = EventsV2.Integration,
            Key = DedupKey,
            Status = Action switch
            {
                EventsV2Action.Trigger => AlertStatus.Firing,
                EventsV2Action.Acknowledge => AlertStatus.Acknowledged,
                _ => AlertStatus.Resolved,
            },
            Labels = labels.AsReadOnly(),
            Annotations = annotations.AsReadOnly(),
            StartsAt = Timestamp ?? receivedAt,
            GeneratorUrl = ClientUrl ?? (Links.Count > 0 ? Links[0].Href : null),
            Severity = Severity,
            Summary = Summary ?? DedupKey,
            SenderGroupKey = DedupKey,
        };
    }

    private static void Put(Dictionary<string, string> map, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            map[key] = value;
        }
    }
}
