namespace IncidentKit.Authorization;

/// <summary>Thrown when the authoriser denies an actor an action.</summary>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class IncidentAccessDeniedException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="actor">Who asked.</param>
    /// <param name="action">What was asked.</param>
    /// <param name="reason">Why it was denied.</param>
    public IncidentAccessDeniedException(IncidentActor actor, IncidentAction action, string reason)
        : base($"{action} denied: {reason}")
    {
        Actor = actor;
        Action = action;
        Reason = reason;
    }

    /// <summary>Gets who asked.</summary>
    public IncidentActor Actor { get; }

    /// <summary>Gets what was asked.</summary>
    public IncidentAction Action { get; }

    /// <summary>Gets why it was denied.</summary>
    public string Reason { get; }
}
