namespace IncidentKit.Reporting.Reviews;

/// <summary>Names what a review reminder is about.</summary>
/// <remarks>Stores keep the numeric value; never renumber a member.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ReminderKind
{
    /// <summary>A draft review fell due.</summary>
    ReviewDue = 0,

    /// <summary>An action item is overdue.</summary>
    ActionItemOverdue = 1,
}
