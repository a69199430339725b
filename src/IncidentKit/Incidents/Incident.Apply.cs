using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

// Applying an event only changes state; it never checks a rule and never throws, so any stored history replays.
// Where an event leads is the one lifecycle rule (IncidentLifecycle.After), shared with the SLA and escalation folds.
// Events owned by other folds (SLA, escalation, communication) pass through and only move LastChangedAt.
public sealed partial class Incident
{
    // first: whether e is the stream's first event (the timeline may be filled after the replay, so it is not asked).
    private void Apply(IncidentEvent e, bool first)
    {
        switch (e)
        {
            // The commonest event (about half of a typical stream) first: each case before it is one more type test per event.
            case WorkNoteAdded:
                WorkNoteCount++;
                break;
            case IncidentOpened o:
                Id = o.Incident;
                Tenant = o.Tenant;
                Title = o.Title;
                Description = o.Description;
                Impact = o.Impact;
                Urgency = o.Urgency;
                Priority = o.Priority;
                Category = o.Category;
                AssignmentGroup = o.AssignmentGroup;
                Service = o.Service;
                Source = o.Source;
                IsExercise = o.IsExercise;
                OpenedAt = o.At;
                break;
            case IncidentAcknowledged a:
                AcknowledgedAt ??= a.At;
                AwaitsAcknowledgement = false;
                break;
            case IncidentAssigned a:
                Assignee = a.Assignee;
                AssignmentGroup = a.AssignmentGroup;
                break;
            case WorkStarted w:
                // Skipping the acknowledgement still ends the response clock: starting work is a response.
                AcknowledgedAt ??= w.At;
                break;
            case PriorityChanged p:
                Impact = p.Impact;
                Urgency = p.Urgency;
                Priority = p.Priority;
                PriorityOverridden = p.IsOverride;
                break;
            case IncidentRecategorised r:
                Category = r.Category;
                AssignmentGroup = r.AssignmentGroup;
                break;
            case AlertLinked l:
                _linkedAlerts.Add(l.AlertKey);
                break;
            case DiagnosisRecorded d:
                _diagnosis.Add(new DiagnosisEntry(d.Stage, d.Text, d.At, d.Actor));
                break;
            case IncidentEscalated:
                EscalationCount++;
                break;
            case IncidentResolved r:
                AwaitsAcknowledgement = false;
                AcknowledgedAt ??= r.At;
                ResolvedAt = r.At;
                Resolution = new Resolution(r.ResolutionCode, r.Notes, r.At, r.Actor);
                break;
            case IncidentReopened:
                AwaitsAcknowledgement = true;
                ResolvedAt = null;
                Resolution = null;
                ReopenCount++;
                break;
            case IncidentClosed c:
                ClosedAt = c.At;
                break;
            case IncidentCancelled c:
                AwaitsAcknowledgement = false;
                ClosedAt = c.At;
                break;
        }

        State = IncidentLifecycle.After(State, e);
        LastChangedAt = first ? e.At : Instant.Max(LastChangedAt, e.At);
    }
}
