using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Authorization;

/// <summary>Converts incident commands, and the events automation records, to the actions an authoriser decides on.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class IncidentActions
{
    /// <summary>Returns the action of an incident command.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="command"/> is not a defined command.</exception>
    public static IncidentAction Of(IncidentCommand command) => command switch
    {
        IncidentCommand.Acknowledge => IncidentAction.Acknowledge,
        IncidentCommand.Assign => IncidentAction.Assign,
        IncidentCommand.StartWork => IncidentAction.StartWork,
        IncidentCommand.PutOnHold => IncidentAction.PutOnHold,
        IncidentCommand.Resume => IncidentAction.Resume,
        IncidentCommand.ChangePriority => IncidentAction.ChangePriority,
        IncidentCommand.Recategorise => IncidentAction.Recategorise,
        IncidentCommand.AddWorkNote => IncidentAction.AddWorkNote,
        IncidentCommand.LinkAlert => IncidentAction.LinkAlert,
        IncidentCommand.RecordDiagnosis => IncidentAction.RecordDiagnosis,
        IncidentCommand.Escalate => IncidentAction.Escalate,
        IncidentCommand.Resolve => IncidentAction.Resolve,
        IncidentCommand.Reopen => IncidentAction.Reopen,
        IncidentCommand.Close => IncidentAction.Close,
        IncidentCommand.Cancel => IncidentAction.Cancel,
        IncidentCommand.PostStatusUpdate => IncidentAction.PostStatusUpdate,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Expected a defined incident command."),
    };
    /// <summary>Returns the action that recording an event amounts to, so that automation (the worker, the alert intake) is
    /// authorised for what it records just as a person is for a command.</summary>
    /// <param name="recorded">The event.</param>
    /// <returns>The action: the command's for workflow events, <see cref="IncidentAction.Escalate"/> for escalation events, the
    /// major-incident protocol's and the runbooks' own actions for their events (declaring, standing down, response roles, runbook
    /// steps; an affected service is a change of the impact assessment, <see cref="IncidentAction.ChangePriority"/>), and
    /// <see cref="IncidentAction.AddWorkNote"/> for facts put on the timeline (SLA clocks, reminders, deliveries, and any event type
    /// not listed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is null.</exception>
    public static IncidentAction Of(IncidentEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return recorded switch
        {
            IncidentOpened => IncidentAction.Open,
            IncidentAcknowledged => IncidentAction.Acknowledge,
            IncidentAssigned => IncidentAction.Assign,
            WorkStarted => IncidentAction.StartWork,
            IncidentPutOnHold => IncidentAction.PutOnHold,
            IncidentResumed => IncidentAction.Resume,
            PriorityChanged => IncidentAction.ChangePriority,
            IncidentRecategorised => IncidentAction.Recategorise,
            AlertLinked => IncidentAction.LinkAlert,
            DiagnosisRecorded => IncidentAction.RecordDiagnosis,
            IncidentEscalated or EscalationStarted or EscalationStepFired or EscalationStepSkipped => IncidentAction.Escalate,
            IncidentResolved => IncidentAction.Resolve,
            IncidentReopened => IncidentAction.Reopen,
            IncidentClosed => IncidentAction.Close,
            IncidentCancelled => IncidentAction.Cancel,
            StatusUpdatePosted => IncidentAction.PostStatusUpdate,
            EvidenceAdded => IncidentAction.AddEvidence,
            MajorIncidentDeclared => IncidentAction.DeclareMajor,
            MajorIncidentStoodDown => IncidentAction.StandDownMajor,
            ResponseRoleAssigned or ResponseRoleReleased => IncidentAction.AssignResponseRole,
            RunbookStepCompleted or RunbookStepSkipped => IncidentAction.WorkRunbook,
            AffectedServiceAdded => IncidentAction.ChangePriority,
            _ => IncidentAction.AddWorkNote,
        };
    }
}
