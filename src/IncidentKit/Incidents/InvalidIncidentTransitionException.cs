namespace IncidentKit.Incidents;

/// <summary>Thrown when a command is not permitted in the incident's current state.</summary>
/// <remarks>The message names the state, the command, the unmet rule (if a rule rather than the state forbids it) and the
/// commands permitted now. Check <see cref="Incident.CanExecute(IncidentCommand, NodaTime.Instant)"/> first to avoid it.</remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class InvalidIncidentTransitionException : InvalidOperationException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="state">The incident's state when the command came.</param>
    /// <param name="command">The command that was refused.</param>
    /// <param name="permitted">The commands permitted in that state at that instant.</param>
    /// <param name="unmetRules">Descriptions of the rules that refused the command; empty when the state alone forbids it.</param>
    public InvalidIncidentTransitionException(IncidentState state, IncidentCommand command,
        IReadOnlyList<IncidentCommand> permitted, IReadOnlyList<string> unmetRules)
        : base(FormatMessage(state, command, permitted, unmetRules))
    {
        State = state;
        Command = command;
        PermittedCommands = permitted;
        UnmetRules = unmetRules;
    }

    /// <summary>Gets the incident's state when the command came.</summary>
    public IncidentState State { get; }

    /// <summary>Gets the command that was refused.</summary>
    public IncidentCommand Command { get; }

    /// <summary>Gets the commands permitted in that state at that instant.</summary>
    public IReadOnlyList<IncidentCommand> PermittedCommands { get; }

    /// <summary>Gets descriptions of the rules that refused the command; empty when the state alone forbids it.</summary>
    public IReadOnlyList<string> UnmetRules { get; }

    private static string FormatMessage(IncidentState state, IncidentCommand command,
        IReadOnlyList<IncidentCommand> permitted, IReadOnlyList<string> unmetRules)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        ArgumentNullException.ThrowIfNull(unmetRules);
        var why = unmetRules.Count > 0 ? $" because {string.Join("; ", unmetRules)}" : string.Empty;
        var now = permitted.Count > 0 ? string.Join(", ", permitted) : "none (the incident is final)";
        return $"{command} is not permitted in state {state}{why}. Permitted now: {now}.";
    }
}
