namespace IncidentKit.Reporting.Reviews;

/// <summary>Names what began a review's impact window.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ImpactStart
{
    /// <summary>The incident was opened (no alert started before it).</summary>
    Opened = 0,

    /// <summary>The first linked alert started firing at or before the incident was opened.</summary>
    FirstAlert = 1,
}
