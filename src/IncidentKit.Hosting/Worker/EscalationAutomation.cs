using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Fires the escalation steps due by now. The engine's misfire rule applies: after downtime only the latest due group fires,
// once, rather than every missed page. A step whose level resolved to nobody is reported to the health check.
internal sealed class EscalationAutomation(EscalationEngine engine, Func<Incident, Complexity> complexityOf, EscalationHealth? health = null) : IIncidentAutomation
{
    public EscalationEngine Engine => engine;

    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var decision = engine.Decide(incident, now, complexityOf(incident));
        if (!decision.IsEmpty)
        {
            incident.RecordEscalation(decision);
            foreach (var step in decision.Steps)
            {
                health?.Observe(incident, step);
            }
        }

        return decision.NextDueAt is { } next ? new DueWork(next, DueWorkKind.EscalationStep) : null;
    }
}
