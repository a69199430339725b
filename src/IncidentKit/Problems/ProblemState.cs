namespace IncidentKit.Problems;

/// <summary>Names where a problem stands in ITIL problem management.</summary>
/// <remarks>Stores keep the name; never rename a member. Permitted moves: open → known error, open → resolved,
/// known error → resolved, resolved → open (the problem came back).</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ProblemState
{
    /// <summary>The problem is being investigated; its root cause is not yet documented.</summary>
    Open = 0,

    /// <summary>The root cause or a workaround is documented: a known error.</summary>
    KnownError = 1,

    /// <summary>The cause was removed; no further incidents are expected from it.</summary>
    Resolved = 2,
}
