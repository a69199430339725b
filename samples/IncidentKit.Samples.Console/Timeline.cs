using IncidentKit.Escalation;
using IncidentKit.Incidents.Events;
using IncidentKit.Sla;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Samples.Console;

/// <summary>Describes incident events and SLA clocks the way an incident manager reads them.</summary>
internal static class Timeline
{
    private static readonly ZonedDateTimePattern Pattern = ZonedDateTimePattern.CreateWithInvariantCulture("ddd dd MMM HH:mm x", null);

    public static string When(Instant at, DateTimeZone zone) => Pattern.Format(at.InZone(zone));

    /// <summary>Returns one line for an event, or null for bookkeeping the story does not print (deliveries).</summary>
    public static string? Describe(IncidentEvent e, DateTimeZone zone) => e switch
    {
        IncidentOpened o => $"opened from {o.Source}: impact {o.Impact.Level} × urgency {o.Urgency.Level} → {o.Priority}",
        IncidentAcknowledged => "acknowledged: paging stops",
        IncidentAssigned a => $"assigned to {a.Assignee?.Value ?? "nobody"} ({a.AssignmentGroup})",
        WorkStarted => "started work",
        IncidentPutOnHold h => $"put on hold: {h.Reason}",
        IncidentResumed => "resumed",
        AlertLinked l => $"linked alert {l.AlertKey} ({l.Source})",
        DiagnosisRecorded d => $"diagnosis, {d.Stage}: {d.Text}",
        StatusUpdatePosted s => $"status update ({s.Audience}): {s.Text}",
        IncidentResolved r => $"resolved [{r.ResolutionCode}]: {r.Notes}",
        IncidentClosed => "closed",
        EscalationStarted => "escalation started",
        EscalationStepFired s => $"PAGE level {s.Level} ({s.Kind}, {s.Trigger}{(s.Round > 1 ? $", round {s.Round}" : "")}) → {string.Join(", ", s.Recipients.Select(r => r.Value))}",
        EscalationStepSkipped k => $"no page: level {k.Level} was already paged in this cycle ({k.Trigger} asked for it again)",
        NotificationDropped d => $"page withdrawn before sending ({d.IdempotencyKey[(d.IdempotencyKey.IndexOf('/', StringComparison.Ordinal) + 1)..]}): {d.Reason}",
        SlaWarningReached w => $"SLA {w.Target} at {w.Percent} %{(w.DueAt is { } due ? $", due {When(due, zone)}" : "")}",
        SlaBreached b => $"SLA {b.Target} BREACHED (was due {When(b.DueAt, zone)})",
        SlaMet m => $"SLA {m.Target} met",
        NotificationDelivered or NotificationFailed => null,
        _ => e.GetType().Name,
    };

    public static void PrintClocks(TextWriter output, string heading, SlaState state, DateTimeZone zone)
    {
        output.WriteLine($"  SLA clocks {heading}:");
        foreach (var clock in new[] { state.Response, state.Resolution, state.Update })
        {
            var due = clock.DueAt is { } d ? When(d, zone) : "—";
            output.WriteLine($"    {clock.Kind,-10} {clock.Status,-9} target {Text(clock.Target),-6} elapsed {Text(clock.Elapsed),-7} remaining {Text(clock.Remaining),-7} due {due}");
        }
    }

    private static string Text(Duration? d) => d is not { } v ? "—"
        : v.Days > 0 ? $"{v.Days}d{v.Hours}h{v.Minutes:00}" : $"{v.Hours}h{v.Minutes:00}";
}
