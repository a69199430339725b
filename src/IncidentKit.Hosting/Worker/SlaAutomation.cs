using IncidentKit.Incidents;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Records every SLA warning, breach and met due by now, each once at its true instant (the engine's misfire rule), then
// plans the next unrecorded one. An update-cadence event is planned as an update reminder, the rest as SLA thresholds.
internal sealed class SlaAutomation(SlaEngine engine) : IIncidentAutomation
{
    public SlaEngine Engine { get; } = engine;

    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        incident.RecordDueSlaEvents(Engine, now, UserId.System);
        return Engine.GetNextDue(incident.Events) is { } next
            ? new DueWork(next.At, next.Target == SlaTargetKind.Update ? DueWorkKind.UpdateReminder : DueWorkKind.SlaThreshold)
            : null;
    }
}
