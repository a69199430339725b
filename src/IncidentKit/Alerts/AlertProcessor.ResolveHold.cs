using IncidentKit.Incidents;

namespace IncidentKit.Alerts;

// The alert group's resolve held by the incident's runbook (IncidentWorkflowOptions.RequireRunbookStepsToResolve). The group engine
// decides the resolve without knowing the runbook, so only applying it tells whether it was held. Then the incident records
// AlertResolveHeld (naming the group), and the group state stops counting the incident as resolved: it is open, so an alert firing
// again continues it (which calls the wait off) instead of opening another one after the reopen window.
// AlertAutoResolveAutomation resolves it once the last required step is completed or skipped.
public sealed partial class AlertProcessor
{
    private static string HeldText(AlertAction action, IReadOnlyList<int> open) =>
        $"{action.Text} The incident was not resolved automatically: required runbook step{(open.Count == 1 ? "" : "s")} " +
        $"{string.Join(", ", open)} {(open.Count == 1 ? "is" : "are")} still open; it resolves automatically once " +
        $"{(open.Count == 1 ? "it is" : "they are")} completed or skipped, unless an alert of the group fires again first.";

    // Marks the state (saved by the caller together with the cleared actions) when a resolve of the group's incident was held. A
    // node that loses that save to another node is covered: the other node read the actions still queued, applied them again, and
    // so held (and marks) the same resolve.
    private static void HoldResolve(AlertGroupState state, List<AlertAction> applied, Incident after)
    {
        if (state.IncidentResolved && state.Incident == after.Id && after.PendingAlertResolve is not null
            && applied.Exists(a => a.Kind == AlertActionKind.Resolve))
        {
            state.IncidentResolved = false;
            state.ResolvedAt = null;
            state.ResolveHeld = true;
        }
    }
}
