using IncidentKit.Incidents;

namespace IncidentKit.Authorization;

/// <summary>Converts incident commands to the actions an authoriser decides on.</summary>
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
}
