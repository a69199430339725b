using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Samples.Console;

/// <summary>Prints an incident's events as the timeline an incident manager reads.</summary>
internal static class Timeline
{
    private static readonly ZonedDateTimePattern When = ZonedDateTimePattern.CreateWithInvariantCulture("ddd dd MMM HH:mm", null);

    public static void Print(TextWriter output, Incident incident, DateTimeZone zone)
    {
        output.WriteLine($"Timeline of {incident.Title} ({incident.Rules.PriorityMatrix.Describe(incident.Priority)}, now {incident.State}):");
        foreach (var e in incident.Events)
        {
            output.WriteLine($"  {When.Format(e.At.InZone(zone))}  {e.Actor.Value,-22} {Describe(e, zone)}");
        }
    }

    private static string Describe(IncidentEvent e, DateTimeZone zone) => e switch
    {
        IncidentOpened o => $"opened from {o.Source}: impact {o.Impact.Level} × urgency {o.Urgency.Level} → {o.Priority}, group {o.AssignmentGroup}",
        IncidentAcknowledged => "acknowledged",
        IncidentAssigned a => $"assigned to {a.Assignee?.Value ?? "nobody"} ({a.AssignmentGroup})",
        WorkStarted => "started work",
        IncidentPutOnHold h => $"put on hold: {h.Reason}",
        IncidentResumed => "resumed",
        PriorityChanged p => $"priority → {p.Priority}{(p.IsOverride ? " (override)" : "")}: {p.Reason}",
        WorkNoteAdded n => $"note: {n.Text}",
        AlertLinked l => $"linked alert {l.AlertKey} ({l.Source})",
        DiagnosisRecorded d => $"diagnosis ({d.Stage}): {d.Text}",
        IncidentEscalated x => $"escalated ({x.Kind}) to {x.ToGroup}: {x.Reason}",
        IncidentResolved r => $"resolved [{r.ResolutionCode}]: {r.Notes}",
        IncidentClosed => "closed",
        SlaWarningReached w => $"SLA {w.Target} warning: {w.Percent}% used{(w.DueAt is { } due ? $", due {When.Format(due.InZone(zone))}" : "")}",
        SlaBreached b => $"SLA {b.Target} BREACHED (was due {When.Format(b.DueAt.InZone(zone))})",
        SlaMet m => $"SLA {m.Target} met{(m.DueAt is { } due ? $" (due {When.Format(due.InZone(zone))})" : "")}",
        _ => e.GetType().Name,
    };
}
