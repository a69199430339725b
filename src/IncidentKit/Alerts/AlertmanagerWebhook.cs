using System.Text.Json;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Reads Prometheus Alertmanager webhook notifications (<c>webhook_configs</c>, payload version 4).</summary>
/// <remarks>
/// <para>Required: <c>version</c> (<c>"4"</c>), <c>groupKey</c>, <c>status</c>, <c>receiver</c>, <c>alerts</c>, and per alert
/// <c>status</c>, <c>labels</c>, <c>startsAt</c> and <c>fingerprint</c> (1 to 255 characters). Timestamps are RFC 3339 with up
/// to nanoseconds; Go's zero time <c>0001-01-01T00:00:00Z</c>, which Alertmanager sends as <c>endsAt</c> while an alert fires,
/// reads as "no end". An alert's summary is its <c>summary</c> annotation, else its <c>alertname</c> label, else its fingerprint;
/// its severity is its <c>severity</c> label.</para>
/// <para>Bad input throws <see cref="AlertFormatException"/> naming the field, and nothing else.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class AlertmanagerWebhook
{
    /// <summary>The integration name alerts read by this parser carry.</summary>
    public const string Integration = "alertmanager";

    /// <summary>The largest body accepted by default: 1 MiB.</summary>
    public const int DefaultMaxBytes = AlertBody.DefaultMaxBytes;

    private static readonly Instant GoZeroTime = Instant.FromUtc(1, 1, 1, 0, 0);

    /// <summary>Reads a notification.</summary>
    /// <param name="utf8Json">The request body.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <returns>The notification.</returns>
    /// <exception cref="AlertFormatException">The body is too large, not JSON, of an unknown version, or a field is missing or of the wrong type.</exception>
    public static AlertmanagerNotification Parse(ReadOnlyMemory<byte> utf8Json, int maxBytes = DefaultMaxBytes)
    {
        using var document = AlertBody.Parse(utf8Json, maxBytes);
        var root = AlertBody.RequireObject(document.RootElement, "");
        var version = AlertBody.RequireString(root, "version", "", 16);
        if (version != "4")
        {
            throw new AlertFormatException("/version", $"version '{AlertBody.Clip(version)}' is not supported; expected \"4\".");
        }

        var groupKey = AlertBody.RequireString(root, "groupKey", "", 10_000, allowEmpty: true);
        var truncated = 0;
        if (root.TryGetProperty("truncatedAlerts", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out truncated) || truncated < 0)
            {
                throw new AlertFormatException("/truncatedAlerts", $"expected a whole number of 0 or more, found {AlertBody.Kind(t)}.");
            }
        }

        var status = Status(AlertBody.RequireString(root, "status", "", 16), "/status");
        var receiver = AlertBody.RequireString(root, "receiver", "", 1000, allowEmpty: true);
        var groupLabels = AlertBody.StringMap(root, "groupLabels", "", required: false);
        var commonLabels = AlertBody.StringMap(root, "commonLabels", "", required: false);
        var commonAnnotations = AlertBody.StringMap(root, "commonAnnotations", "", required: false);
        var externalUrl = AlertBody.OptionalString(root, "externalURL", "", 2000);
        var alertsElement = AlertBody.Require(root, "alerts", "");
        if (alertsElement.ValueKind != JsonValueKind.Array)
        {
            throw new AlertFormatException("/alerts", $"expected an array, found {AlertBody.Kind(alertsElement)}.");
        }

        var alerts = new List<Alert>(alertsElement.GetArrayLength());
        var i = 0;
        foreach (var a in alertsElement.EnumerateArray())
        {
            alerts.Add(ReadAlert(a, AlertBody.Index("/alerts", i++), groupKey));
        }

        return new AlertmanagerNotification(version, groupKey, truncated, status, receiver, groupLabels.AsReadOnly(), commonLabels.AsReadOnly(),
            commonAnnotations.AsReadOnly(), externalUrl, alerts.AsReadOnly());
    }

    private static Alert ReadAlert(JsonElement a, string at, string groupKey)
    {
        AlertBody.RequireObject(a, at);
        var status = Status(AlertBody.RequireString(a, "status", at, 16), at + "/status");
        var labels = AlertBody.StringMap(a, "labels", at, required: true);
        var annotations = AlertBody.StringMap(a, "annotations", at, required: false);
        var startsAt = AlertBody.ParseTime(AlertBody.RequireString(a, "startsAt", at, 64), at + "/startsAt");
        Instant? endsAt = AlertBody.OptionalString(a, "endsAt", at, 64) is { Length: > 0 } end ? AlertBody.ParseTime(end, at + "/endsAt") : null;
        if (endsAt == GoZeroTime)
        {
            endsAt = null;
        }

        var fingerprint = AlertBody.RequireString(a, "fingerprint", at, Alert.MaxKeyLength);
        var summary = annotations.GetValueOrDefault("summary") is { Length: > 0 } s ? s
            : labels.GetValueOrDefault("alertname") is { Length: > 0 } n ? n : fingerprint;
        return new Alert
        {
            Integration = Integration,
            Key = fingerprint,
            Status = status,
            Labels = labels.AsReadOnly(),
            Annotations = annotations.AsReadOnly(),
            StartsAt = startsAt,
            EndsAt = endsAt,
            GeneratorUrl = AlertBody.OptionalString(a, "generatorURL", at, 2000),
            Severity = labels.GetValueOrDefault("severity"),
            Summary = summary,
            SenderGroupKey = groupKey.Length > 0 ? groupKey : null,
        };
    }

    private static AlertStatus Status(string text, string at) => text switch
    {
        "firing" => AlertStatus.Firing,
        "resolved" => AlertStatus.Resolved,
        _ => throw new AlertFormatException(at, $"'{AlertBody.Clip(text)}' is not a status; expected \"firing\" or \"resolved\"."),
    };
}
