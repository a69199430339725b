namespace IncidentKit.Reporting.Reviews;

/// <summary>Names how an SLA target ended in one cycle.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum SlaOutcome
{
    /// <summary>Neither met nor breached yet.</summary>
    Pending = 0,

    /// <summary>Met before its due instant.</summary>
    Met = 1,

    /// <summary>Breached.</summary>
    Breached = 2,
}
