using System.Diagnostics.Metrics;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;

namespace IncidentKit.Hosting;

// The instruments of the "IncidentKit" meter, created through the host's IMeterFactory so that tests and exporters see them
// per service provider (a host without metrics support gets a meter of its own, disposed with the provider). Incident counters are fed from appended changes, whoever made them (a user through IncidentService
// or the worker), so each stored event is counted once. The notification instruments of the same meter belong to
// IncidentKit.Notifications (NotificationMetrics), which sends them.
internal sealed class IncidentKitMetrics : IDisposable
{
    public const string MeterName = "IncidentKit";

    private readonly Counter<long> _opened;
    private readonly Counter<long> _resolved;
    private readonly Counter<long> _slaBreaches;
    private readonly Histogram<double> _timeToAcknowledge;
    private readonly Histogram<double> _timeToResolve;
    private readonly Counter<long> _workClaimed;
    private readonly Meter? _ownMeter;

    public IncidentKitMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? (_ownMeter = new Meter(MeterName));
        _opened = meter.CreateCounter<long>("incidentkit.incidents.opened", "{incident}", "Incidents opened.");
        _resolved = meter.CreateCounter<long>("incidentkit.incidents.resolved", "{incident}", "Incidents resolved (again after a reopen).");
        _slaBreaches = meter.CreateCounter<long>("incidentkit.sla.breaches", "{breach}", "SLA targets breached.");
        _timeToAcknowledge = meter.CreateHistogram<double>("incidentkit.incident.time_to_acknowledge", "s", "Time from opening to the first acknowledgement.");
        _timeToResolve = meter.CreateHistogram<double>("incidentkit.incident.time_to_resolve", "s", "Time from opening to resolution.");
        _workClaimed = meter.CreateCounter<long>("incidentkit.worker.work_claimed", "{incident}", "Incidents whose due work a worker claimed.");
    }

    public void Dispose() => _ownMeter?.Dispose();

    public void RecordAppended(IncidentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var priority = new KeyValuePair<string, object?>("incidentkit.priority", change.Summary.Priority.ToString());
        var responded = false;
        foreach (var e in change.Events)
        {
            // The first response is an acknowledgement, or work started or a resolution when acknowledging was skipped.
            if (!responded && e is IncidentAcknowledged or WorkStarted or IncidentResolved && change.Summary.AcknowledgedAt == e.At)
            {
                responded = true;
                _timeToAcknowledge.Record((e.At - change.Summary.OpenedAt).TotalSeconds, priority);
            }

            switch (e)
            {
                case IncidentOpened:
                    _opened.Add(1, priority);
                    break;
                case IncidentResolved r:
                    _resolved.Add(1, priority);
                    _timeToResolve.Record((r.At - change.Summary.OpenedAt).TotalSeconds, priority);
                    break;
                case SlaBreached b:
                    _slaBreaches.Add(1, priority, new("incidentkit.sla.target", b.Target.ToString()));
                    break;
                default:
                    break;
            }
        }
    }

    public void RecordClaimed(int count)
    {
        if (count > 0)
        {
            _workClaimed.Add(count);
        }
    }
}
