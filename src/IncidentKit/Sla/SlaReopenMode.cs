namespace IncidentKit.Sla;

/// <summary>Lists how the resolution clock behaves when a resolved incident is reopened.</summary>
public enum SlaReopenMode
{
    /// <summary>Starts a new resolution clock (a new cycle, with its own warnings) at the reopen instant; the default.</summary>
    Restart = 0,

    /// <summary>Keeps counting the original clock from the opening, leaving out the time the incident spent resolved.</summary>
    Continue = 1,
}
