namespace IncidentKit.Alerts;

/// <summary>Names the state a monitoring alert reports.</summary>
/// <remarks>Stores keep the numeric value; never renumber a member.</remarks>
public enum AlertStatus
{
    /// <summary>The condition holds: the alert fires.</summary>
    Firing = 0,

    /// <summary>The condition has cleared.</summary>
    Resolved = 1,

    /// <summary>The sender acknowledged the alert (Events v2 <c>acknowledge</c>); it still fires.</summary>
    Acknowledged = 2,
}
