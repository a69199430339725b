namespace IncidentKit.Runbooks;

/// <summary>Lists where a step of an attached runbook stands.</summary>
public enum RunbookStepState
{
    /// <summary>Neither completed nor skipped.</summary>
    Open = 0,

    /// <summary>Done.</summary>
    Completed = 1,

    /// <summary>Skipped, with a note.</summary>
    Skipped = 2,
}
