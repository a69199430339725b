using System.Globalization;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Simulation;

// How an incident's events read on a simulated timeline: short, invariant, and without event ids (which are random), so the
// same run prints the same bytes.
internal static class SimulationTimeline
{
    public static string Describe(IncidentEvent e) => e switch
    {
        IncidentOpened o => $"opened {o.Priority} \"{o.Title}\"{(o.Service is null ? "" : $" ({o.Service})")} by {o.Actor}",
        EscalationStarted s => string.Create(CultureInfo.InvariantCulture, $"escalation starts: policy {s.Policy.PolicyId} v{s.Policy.PolicyVersion} from level {s.StartLevel} ({s.Trigger.ToString().ToLowerInvariant()})"),
        EscalationStepSkipped k => string.Create(CultureInfo.InvariantCulture, $"level {k.Level} (round {k.Round}) not paged again ({k.Trigger.ToString().ToLowerInvariant()})"),
        IncidentAcknowledged a => $"acknowledged by {a.Actor}",
        SlaWarningReached w => string.Create(CultureInfo.InvariantCulture, $"SLA {Target(w.Target)} at {w.Percent} %"),
        SlaBreached b => $"SLA {Target(b.Target)} BREACHED (due {SimulationText.At(b.DueAt)})",
        SlaMet m => $"SLA {Target(m.Target)} met",
        StatusUpdateDue d => $"status update due by {SimulationText.At(d.DueAt)}",
        StatusUpdatePosted p => $"status update posted by {p.Actor}",
        AlertLinked l => $"alert {l.AlertKey} linked",
        IncidentResolved r => $"resolved by {r.Actor}",
        IncidentReopened r => $"reopened by {r.Actor}",
        WorkNoteAdded n => $"note: {n.Text}",
        _ => e.GetType().Name,
    };

    private static string Target(Sla.SlaTargetKind target) => target.ToString().ToLowerInvariant();
}
