namespace IncidentKit.Problems;

/// <summary>Thrown when a problem is asked to move to a state its current state does not permit.</summary>
/// <remarks>Check <see cref="Problem.CanMoveTo(ProblemState)"/> first to avoid it. The message names both states, the unmet rule
/// if any, and the states permitted now.</remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class InvalidProblemTransitionException : InvalidOperationException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="from">The problem's state.</param>
    /// <param name="to">The state asked for.</param>
    /// <param name="rule">Why the move was refused when the states alone allow it; null otherwise.</param>
    /// <param name="permittedNow">The states the problem may move to now (its state permits them and its rules are met).</param>
    /// <exception cref="ArgumentNullException"><paramref name="permittedNow"/> is null.</exception>
    public InvalidProblemTransitionException(ProblemState from, ProblemState to, string? rule, IReadOnlyList<ProblemState> permittedNow)
        : base(FormatMessage(from, to, rule, permittedNow))
    {
        From = from;
        To = to;
        Rule = rule;
        PermittedNow = permittedNow;
    }

    /// <summary>Gets the problem's state when the move was asked for.</summary>
    public ProblemState From { get; }

    /// <summary>Gets the state asked for.</summary>
    public ProblemState To { get; }

    /// <summary>Gets why the move was refused when the states alone allow it; null when the states forbid it.</summary>
    public string? Rule { get; }

    /// <summary>Gets the states the problem may move to now: those its state permits whose rules it meets (never <see cref="To"/>).</summary>
    public IReadOnlyList<ProblemState> PermittedNow { get; }

    private static string FormatMessage(ProblemState from, ProblemState to, string? rule, IReadOnlyList<ProblemState> permitted)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        var why = rule is null ? string.Empty : $" because {rule}";
        return $"A problem cannot move from {from} to {to}{why}. Permitted from {from}: {(permitted.Count == 0 ? "none" : string.Join(", ", permitted))}.";
    }
}
