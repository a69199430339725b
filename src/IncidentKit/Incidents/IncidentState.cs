namespace IncidentKit.Incidents;

/// <summary>Lists the states of an incident's workflow.</summary>
/// <remarks>New → Acknowledged → InProgress ⇄ OnHold → Resolved → Closed; Reopen leads from Resolved back to InProgress
/// within the reopen window; Cancel leads from any open state to Cancelled. Closed and Cancelled are final.</remarks>
public enum IncidentState
{
    /// <summary>Logged, not yet acknowledged by anyone.</summary>
    New = 0,

    /// <summary>Someone has taken note and owns the response.</summary>
    Acknowledged = 1,

    /// <summary>Investigation and diagnosis are under way.</summary>
    InProgress = 2,

    /// <summary>Waiting on someone outside the team (a vendor, the reporter); resolution SLA clocks usually pause.</summary>
    OnHold = 3,

    /// <summary>Service restored; may be reopened within the reopen window, or closed.</summary>
    Resolved = 4,

    /// <summary>Final: resolution confirmed.</summary>
    Closed = 5,

    /// <summary>Final: logged in error or a duplicate.</summary>
    Cancelled = 6,
}
