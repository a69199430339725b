using IncidentKit.Incidents;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Records every SLA warning, breach and met event due by now, each once at its true instant, and plans the next one.</summary>
/// <remarks>Misfire rule: after downtime each missed event is recorded once, with its true due instant as its time, in due order
/// (<see cref="SlaEngine"/>). An update-cadence event is planned as <see cref="DueWorkKind.UpdateReminder"/>, the rest as
/// <see cref="DueWorkKind.SlaThreshold"/>.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SlaAutomation : IIncidentAutomation
{
    /// <summary>Initializes the automation over an SLA engine.</summary>
    /// <param name="engine">The engine that knows the SLA policies and calendars.</param>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
    public SlaAutomation(SlaEngine engine) => Engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>Gets the SLA engine.</summary>
    public SlaEngine Engine { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        incident.RecordDueSlaEvents(Engine, now, UserId.System);
        return Engine.GetNextDue(incident.Events) is { } next
            ? new DueWork(next.At, next.Target == SlaTargetKind.Update ? DueWorkKind.UpdateReminder : DueWorkKind.SlaThreshold)
            : null;
    }
}
