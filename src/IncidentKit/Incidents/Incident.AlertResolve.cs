using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

// The alert intake's resolve held by the runbook gate (IncidentWorkflowOptions.RequireRunbookStepsToResolve): recorded as its own
// event naming the alert group, so that the resolve can be made once the steps are done (Alerts.AlertAutoResolveAutomation).
public sealed partial class Incident
{
    /// <summary>Gets the alert intake's held resolve that still waits for the runbook's required steps, or <see langword="null"/>:
    /// the last <see cref="AlertResolveHeld"/>, while the incident is open, has not been resolved or reopened since, and the wait
    /// was not called off (an alert of the group fired again).</summary>
    public AlertResolveHeld? PendingAlertResolve
    {
        get
        {
            if (!IsOpen)
            {
                return null;
            }

            for (var i = _events.Count - 1; i >= 0; i--)
            {
                switch (_events[i])
                {
                    case AlertResolveHeld held:
                        var calledOff = CalledOffId(held);
                        return _events.FindIndex(i + 1, e => e.EventId == calledOff) < 0 ? held : null;
                    case IncidentResolved or IncidentReopened:
                        return null;
                }
            }

            return null;
        }
    }

    /// <summary>Records that the alert intake held its resolve because required runbook steps are open; recording the same notice
    /// again does nothing.</summary>
    /// <param name="groupKey">The key of the incident's alert group (1 to the text limit).</param>
    /// <param name="text">What the intake saw (1 to the text limit), unique per resolve of the group.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who (the intake's actor).</param>
    /// <exception cref="ArgumentException">The key or the text is empty or too long, <paramref name="actor"/> is unset, or
    /// <paramref name="at"/> precedes the opening.</exception>
    public void RecordAlertResolveHeld(string groupKey, string text, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(groupKey, MaxTextLength);
        Guard.Against.InvalidText(text, MaxTextLength);
        RecordOnce(DerivedEventId("alert-resolve-held", groupKey, text), id => new AlertResolveHeld(id, at, actor, groupKey, text));
    }

    // Calls off a held resolve with a work note saying why (an alert fired again, the group opened another incident); the note's id
    // is derived from the held event, which is how PendingAlertResolve knows the wait is over, and repeating it records nothing.
    internal void CallOffAlertResolve(AlertResolveHeld held, string text, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(text, MaxTextLength);
        RecordOnce(CalledOffId(held), id => new WorkNoteAdded(id, at, actor, text));
    }

    private Guid CalledOffId(AlertResolveHeld held) => DerivedEventId("alert-resolve-called-off", held.EventId.ToString("N"));
}
