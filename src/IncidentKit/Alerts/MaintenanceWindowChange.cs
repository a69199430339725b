namespace IncidentKit.Alerts;

/// <summary>Names what happened to a maintenance window, as its audit trail records it.</summary>
/// <remarks>Stores keep the numeric value; never renumber a member.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum MaintenanceWindowChange
{
    /// <summary>The window was created.</summary>
    Created = 0,

    /// <summary>The window was ended before its time; it stays listed, expired, and silences nothing more.</summary>
    Expired = 1,

    /// <summary>The window was removed; only its audit trail remains.</summary>
    Deleted = 2,
}
