using System.Globalization;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Collects the values a <see cref="NotificationTemplate"/> can show for an incident and, optionally, one of its events.</summary>
internal static class TemplateFields
{
    internal static string FormatInstant(Instant instant) => MessageLocale.Utc.Format(instant);

    // Every time of a message is shown in the reader's zone and culture, with the zone named (MessageLocale.Format).
    internal static Dictionary<string, string?> For(Incident incident, IncidentEvent? e, Uri? link, Instant at, Instant? dueAt = null, MessageLocale? locale = null)
    {
        locale ??= MessageLocale.Utc;
        string FormatInstant(Instant instant) => locale.Format(instant);

        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["title"] = incident.Title,
            ["id"] = incident.Id.ToString(),
            ["tenant"] = incident.Tenant.Value,
            ["priority"] = incident.Priority.ToString(),
            ["state"] = StateText(incident.State),
            ["link"] = link?.ToString(),
            ["service"] = incident.Service,
            ["category"] = incident.Category?.Value,
            ["assignee"] = incident.Assignee?.Value,
            ["group"] = incident.AssignmentGroup,
            ["impact"] = incident.Impact.Level.ToString(CultureInfo.InvariantCulture),
            ["urgency"] = incident.Urgency.Level.ToString(CultureInfo.InvariantCulture),
            ["description"] = incident.Description,
            ["actor"] = e?.Actor.Value,
            ["at"] = FormatInstant(e?.At ?? at),
            ["event"] = e is null ? null : EventText(e),
            ["openedAt"] = FormatInstant(incident.OpenedAt),
            ["age"] = FormatDuration((e?.At ?? at) - incident.OpenedAt),
            ["dueAt"] = dueAt is { } due ? FormatInstant(due) : null,
        };

        switch (e)
        {
            case StatusUpdatePosted s:
                fields["text"] = s.Text;
                fields["audience"] = s.Audience.ToString();
                break;
            case WorkNoteAdded w:
                fields["text"] = w.Text;
                break;
            case AlertGroupFlapping f:
                fields["text"] = f.Text;
                break;
            case AlertResolveHeld h:
                fields["text"] = h.Text;
                break;
            case DiagnosisRecorded d:
                fields["text"] = d.Text;
                break;
            case IncidentPutOnHold h:
                fields["text"] = h.Reason;
                break;
            case IncidentReopened r:
                fields["text"] = r.Reason;
                break;
            case IncidentCancelled c:
                fields["text"] = c.Reason;
                break;
            case IncidentResolved r:
                fields["text"] = r.Notes;
                break;
            case PriorityChanged p:
                fields["text"] = p.Reason;
                break;
            case IncidentEscalated x:
                fields["text"] = x.Reason;
                break;
            case EscalationStepFired step:
                fields["level"] = step.Level.ToString(CultureInfo.InvariantCulture);
                fields["round"] = step.Round.ToString(CultureInfo.InvariantCulture);
                fields["kind"] = step.Kind == Escalation.EscalationKind.Hierarchical ? "hierarchical" : "functional";
                fields["trigger"] = step.Trigger.ToString();
                fields["recipients"] = string.Join(", ", step.Recipients.Select(r => r.Value));
                fields["text"] = step.Reason;
                break;
            case SlaWarningReached w:
                fields["target"] = TargetText(w.Target);
                fields["dueAt"] = w.DueAt is { } warningDue ? FormatInstant(warningDue) : "not yet known";
                break;
            case SlaBreached b:
                fields["target"] = TargetText(b.Target);
                fields["dueAt"] = FormatInstant(b.DueAt);
                break;
            case SlaMet m:
                fields["target"] = TargetText(m.Target);
                fields["dueAt"] = m.DueAt is { } metDue ? FormatInstant(metDue) : "none (no business time left)";
                break;
            case StatusUpdateDue u:
                fields["dueAt"] = FormatInstant(u.DueAt);
                break;
            case ExecutiveSummaryDue summary:
                fields["dueAt"] = FormatInstant(summary.DueAt);
                break;
            case PostIncidentReviewDrafted drafted:
                fields["dueAt"] = drafted.DueAt is { } reviewDue ? FormatInstant(reviewDue) : "no deadline";
                break;
        }

        return fields;
    }

    internal static string FormatDuration(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            duration = Duration.Zero;
        }

        var totalMinutes = (long)duration.TotalMinutes;
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        return days > 0 ? $"{days} d {hours} h" : hours > 0 ? $"{hours} h {minutes} min" : $"{minutes} min";
    }

    private static string StateText(IncidentState state) => state switch
    {
        IncidentState.InProgress => "In progress",
        IncidentState.OnHold => "On hold",
        _ => state.ToString(),
    };

    private static string TargetText(Sla.SlaTargetKind target) => target switch
    {
        Sla.SlaTargetKind.Response => "response",
        Sla.SlaTargetKind.Resolution => "resolution",
        Sla.SlaTargetKind.Update => "status update",
        _ => target.ToString(),
    };

    private static string EventText(IncidentEvent e)
    {
        // "work-started" reads as "Work started".
        var kind = NotificationEventKinds.Of(e).Replace('-', ' ');
        return char.ToUpperInvariant(kind[0]) + kind[1..];
    }
}
