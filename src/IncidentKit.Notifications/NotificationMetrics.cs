using System.Diagnostics.Metrics;

namespace IncidentKit.Notifications;

// The notification instruments of the one "IncidentKit" meter. IMeterFactory hands out one meter per name, so these sit beside
// the host's incident instruments (IncidentKit.Hosting) without this package reaching into that one; a host without metrics
// support gets a meter of its own, disposed with the provider.
internal sealed class NotificationMetrics : IDisposable
{
    public const string MeterName = "IncidentKit";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Meter? _ownMeter;

    public NotificationMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? (_ownMeter = new Meter(MeterName));
        _sent = meter.CreateCounter<long>("incidentkit.notifications.sent", "{notification}", "Notifications delivered to a channel.");
        _failed = meter.CreateCounter<long>("incidentkit.notifications.failed", "{notification}", "Notification deliveries that failed.");
    }

    public void Dispose() => _ownMeter?.Dispose();

    public void RecordSent(string channel) => _sent.Add(1, new KeyValuePair<string, object?>("incidentkit.channel", channel));

    public void RecordFailed(string channel) => _failed.Add(1, new KeyValuePair<string, object?>("incidentkit.channel", channel));
}
