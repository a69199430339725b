using IncidentKit.Incidents.Events;

namespace IncidentKit.Incidents;

/// <summary>Holds the one lifecycle rule of an incident: which states are open, and which state each lifecycle event leads to.</summary>
/// <remarks>
/// <para>Every part of the library that asks "is the incident open" or "what state is it in after this event" asks this class:
/// the incident's own fold, its summary, the SLA timeline, the escalation fold, the SLA policy builder's check of pausing states,
/// the store query's default filter and the workflow's state machine. A rule written once cannot drift apart.</para>
/// <para>The workflow (<see cref="IncidentWorkflowOptions"/>) decides only whether a command is permitted now; where a command
/// leads is this rule's answer, and the state changes only when the recorded event is applied. Replaying history therefore
/// needs no workflow, and a history recorded under other workflow options replays to the same states.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class IncidentLifecycle
{
    /// <summary>Gets the open states, in enum order: New, Acknowledged, InProgress and OnHold.</summary>
    public static IReadOnlyList<IncidentState> OpenStates { get; } =
        [IncidentState.New, IncidentState.Acknowledged, IncidentState.InProgress, IncidentState.OnHold];

    /// <summary>Returns whether a state is open: the incident still needs work (New, Acknowledged, InProgress or OnHold).</summary>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> for an open state; <see langword="false"/> for Resolved, Closed, Cancelled and undefined values.</returns>
    public static bool IsOpen(IncidentState state) =>
        state is IncidentState.New or IncidentState.Acknowledged or IncidentState.InProgress or IncidentState.OnHold;

    /// <summary>Returns the state a command leads to from a state, whether or not the workflow permits it there.</summary>
    /// <remarks>The workflow's state machine is configured from this answer, so its diagram and the fold agree by construction.</remarks>
    internal static IncidentState Destination(IncidentState from, IncidentCommand command) => command switch
    {
        // A reopened incident is acknowledged where it stands (in progress or on hold); only a new one moves on.
        IncidentCommand.Acknowledge => from == IncidentState.New ? IncidentState.Acknowledged : from,
        IncidentCommand.StartWork or IncidentCommand.Resume or IncidentCommand.Reopen => IncidentState.InProgress,
        IncidentCommand.PutOnHold => IncidentState.OnHold,
        IncidentCommand.Resolve => IncidentState.Resolved,
        IncidentCommand.Close => IncidentState.Closed,
        IncidentCommand.Cancel => IncidentState.Cancelled,
        _ => from,
    };

    /// <summary>Returns the state an event leaves the incident in; events of no lifecycle command keep the state.</summary>
    internal static IncidentState After(IncidentState state, IncidentEvent e) => e switch
    {
        WorkNoteAdded => state, // the commonest event, tested first (a note never moves the state)
        IncidentOpened => IncidentState.New,
        IncidentAcknowledged => Destination(state, IncidentCommand.Acknowledge),
        WorkStarted => Destination(state, IncidentCommand.StartWork),
        IncidentPutOnHold => Destination(state, IncidentCommand.PutOnHold),
        IncidentResumed => Destination(state, IncidentCommand.Resume),
        IncidentResolved => Destination(state, IncidentCommand.Resolve),
        IncidentReopened => Destination(state, IncidentCommand.Reopen),
        IncidentClosed => Destination(state, IncidentCommand.Close),
        IncidentCancelled => Destination(state, IncidentCommand.Cancel),
        _ => state,
    };
}
