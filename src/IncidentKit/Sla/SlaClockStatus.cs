namespace IncidentKit.Sla;

/// <summary>Lists the states of one SLA clock.</summary>
public enum SlaClockStatus
{
    /// <summary>The policy sets no such target for the incident's priority.</summary>
    NotApplicable = 0,

    /// <summary>The clock is counting and the target is not yet due.</summary>
    Running = 1,

    /// <summary>The clock is stopped by a pausing state (e.g. on hold) and the target is not yet due.</summary>
    Paused = 2,

    /// <summary>The clock stopped at or before its due instant.</summary>
    Met = 3,

    /// <summary>The due instant passed while the clock was counting (or the clock stopped after it).</summary>
    Breached = 4,

    /// <summary>The incident was cancelled while the clock was counting.</summary>
    Cancelled = 5,
}
