namespace IncidentKit.Incidents;

/// <summary>Lists the commands an existing incident accepts; which are permitted depends on its state.</summary>
/// <remarks>Ask <see cref="Incident.PermittedCommands"/> or <see cref="Incident.CanExecute(IncidentCommand, NodaTime.Instant)"/> before issuing one;
/// a command that is not permitted throws <see cref="InvalidIncidentTransitionException"/>.</remarks>
public enum IncidentCommand
{
    /// <summary>Take ownership of a new incident (New → Acknowledged).</summary>
    Acknowledge = 0,

    /// <summary>Assign a person and/or group (open states).</summary>
    Assign = 1,

    /// <summary>Start investigating (Acknowledged → InProgress; from New when acknowledge may be skipped).</summary>
    StartWork = 2,

    /// <summary>Wait on someone outside the team (InProgress → OnHold).</summary>
    PutOnHold = 3,

    /// <summary>Resume after a hold (OnHold → InProgress).</summary>
    Resume = 4,

    /// <summary>Reassess impact and urgency, or override the priority with a reason (open states).</summary>
    ChangePriority = 5,

    /// <summary>Move the incident to another category (open states).</summary>
    Recategorise = 6,

    /// <summary>Add a work note to the timeline (open states).</summary>
    AddWorkNote = 7,

    /// <summary>Link a monitoring alert (open states).</summary>
    LinkAlert = 8,

    /// <summary>Record symptoms, a suspected or a confirmed root cause (open states).</summary>
    RecordDiagnosis = 9,

    /// <summary>Escalate functionally or hierarchically (open states).</summary>
    Escalate = 10,

    /// <summary>Record the resolution (Acknowledged, InProgress or OnHold → Resolved; from New when acknowledge may be skipped).</summary>
    Resolve = 11,

    /// <summary>Reopen within the reopen window (Resolved → InProgress).</summary>
    Reopen = 12,

    /// <summary>Confirm the resolution (Resolved → Closed).</summary>
    Close = 13,

    /// <summary>Withdraw an incident logged in error (any open state → Cancelled).</summary>
    Cancel = 14,

    /// <summary>Post a status update for stakeholders or the team (open states, and Resolved for the closing word).</summary>
    PostStatusUpdate = 15,
}
