namespace IncidentKit.Problems;

/// <summary>Names what one audit entry of a problem records.</summary>
/// <remarks>Stores keep the name; never rename a member.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ProblemEntryKind
{
    /// <summary>The problem was opened.</summary>
    Opened = 0,

    /// <summary>An incident was linked.</summary>
    IncidentLinked = 1,

    /// <summary>An incident was unlinked.</summary>
    IncidentUnlinked = 2,

    /// <summary>The root cause was recorded or changed.</summary>
    RootCauseRecorded = 3,

    /// <summary>The workaround was recorded or changed.</summary>
    WorkaroundRecorded = 4,

    /// <summary>The owner changed.</summary>
    OwnerChanged = 5,

    /// <summary>The problem was declared a known error.</summary>
    KnownErrorDeclared = 6,

    /// <summary>The problem was resolved.</summary>
    Resolved = 7,

    /// <summary>The problem was reopened.</summary>
    Reopened = 8,
}
