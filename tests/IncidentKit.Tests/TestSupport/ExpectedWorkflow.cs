using IncidentKit.Incidents;
using static IncidentKit.Incidents.IncidentState;

namespace IncidentKit.Tests.TestSupport;

/// <summary>The documented (state × command) table, written out by hand from issue 2 and the XML docs, not derived from the code.</summary>
internal static class ExpectedWorkflow
{
    private static IncidentState? X => null;

    // Columns in IncidentCommand order:
    //  Acknowledge   Assign        StartWork   PutOnHold  Resume      ChangePriority Recategorise  AddWorkNote   LinkAlert     RecordDiagnosis Escalate     Resolve   Reopen      Close   Cancel  PostStatusUpdate
    // (issue 6: status updates in the open states and, for the last word to stakeholders, while Resolved)
    // Written for the default options (acknowledge may be skipped, no assignee required, reopen window open, hold allowed
    // straight after acknowledging: issue 14).
    private static readonly Dictionary<IncidentState, IncidentState?[]> Table = new()
    {
        [New] = [Acknowledged, New, InProgress, X, X, New, New, New, New, New, New, Resolved, X, X, Cancelled, New],
        [Acknowledged] = [X, Acknowledged, InProgress, OnHold, X, Acknowledged, Acknowledged, Acknowledged, Acknowledged, Acknowledged, Acknowledged, Resolved, X, X, Cancelled, Acknowledged],
        [InProgress] = [X, InProgress, X, OnHold, X, InProgress, InProgress, InProgress, InProgress, InProgress, InProgress, Resolved, X, X, Cancelled, InProgress],
        [OnHold] = [X, OnHold, X, X, InProgress, OnHold, OnHold, OnHold, OnHold, OnHold, OnHold, Resolved, X, X, Cancelled, OnHold],
        [Resolved] = [X, X, X, X, X, X, X, X, X, X, X, X, InProgress, Closed, X, Resolved],
        [Closed] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        [Cancelled] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
    };

    public static IncidentCommand[] AllCommands { get; } = Enum.GetValues<IncidentCommand>();

    public static IncidentState[] AllStates { get; } = Enum.GetValues<IncidentState>();

    /// <summary>Returns the destination of a command, or null when it must be refused.</summary>
    /// <param name="allowSkipAcknowledge">The option.</param>
    /// <param name="assigneeRuleMet">False when an assignee is required and there is none.</param>
    /// <param name="reopenWindowOpen">Whether the instant lies within the reopen window after the resolution.</param>
    /// <param name="awaitsAcknowledgement">Whether the incident was reopened and nobody acknowledged it since (issue 15: a reopen
    /// pages again, so it can be acknowledged again where it stands).</param>
    public static IncidentState? Destination(IncidentState state, IncidentCommand command,
        bool allowSkipAcknowledge = true, bool assigneeRuleMet = true, bool reopenWindowOpen = true, bool awaitsAcknowledgement = false)
    {
        if (command == IncidentCommand.Acknowledge && awaitsAcknowledgement && state is InProgress or OnHold)
        {
            return state;
        }

        if (state == New && command is IncidentCommand.StartWork or IncidentCommand.Resolve && !allowSkipAcknowledge)
        {
            return null;
        }

        if (command == IncidentCommand.StartWork && !assigneeRuleMet)
        {
            return null;
        }

        if (command == IncidentCommand.Reopen && !reopenWindowOpen)
        {
            return null;
        }

        return Table[state][(int)command];
    }

    public static IncidentCommand[] Permitted(IncidentState state,
        bool allowSkipAcknowledge = true, bool assigneeRuleMet = true, bool reopenWindowOpen = true) =>
        [.. AllCommands.Where(c => Destination(state, c, allowSkipAcknowledge, assigneeRuleMet, reopenWindowOpen) is not null)];

    /// <summary>Returns the type of event a successful command records.</summary>
    public static string EventTypeName(IncidentCommand command) => command switch
    {
        IncidentCommand.Acknowledge => "IncidentAcknowledged",
        IncidentCommand.Assign => "IncidentAssigned",
        IncidentCommand.StartWork => "WorkStarted",
        IncidentCommand.PutOnHold => "IncidentPutOnHold",
        IncidentCommand.Resume => "IncidentResumed",
        IncidentCommand.ChangePriority => "PriorityChanged",
        IncidentCommand.Recategorise => "IncidentRecategorised",
        IncidentCommand.AddWorkNote => "WorkNoteAdded",
        IncidentCommand.LinkAlert => "AlertLinked",
        IncidentCommand.RecordDiagnosis => "DiagnosisRecorded",
        IncidentCommand.Escalate => "IncidentEscalated",
        IncidentCommand.Resolve => "IncidentResolved",
        IncidentCommand.Reopen => "IncidentReopened",
        IncidentCommand.Close => "IncidentClosed",
        IncidentCommand.Cancel => "IncidentCancelled",
        IncidentCommand.PostStatusUpdate => "StatusUpdatePosted",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };
}
