namespace IncidentKit.Reporting.Reviews;

/// <summary>Names where an action item stands.</summary>
/// <remarks>Stores keep the name; never rename a member.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ActionItemStatus
{
    /// <summary>Not started.</summary>
    Open = 0,

    /// <summary>Being worked on.</summary>
    InProgress = 1,

    /// <summary>Done.</summary>
    Done = 2,

    /// <summary>Dropped; it will not be done.</summary>
    Cancelled = 3,
}
