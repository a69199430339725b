namespace IncidentKit.Authorization;

/// <summary>Lists what an actor may ask to do in a tenant: read, open, each incident command, and configuration.</summary>
/// <remarks>The commands share their names with <see cref="Incidents.IncidentCommand"/>; <see cref="IncidentActions.Of(Incidents.IncidentCommand)"/> converts.</remarks>
public enum IncidentAction
{
    /// <summary>Read incidents, their timelines, on-call and evidence.</summary>
    Read = 0,

    /// <summary>Open a new incident.</summary>
    Open = 1,

    /// <summary>Acknowledge an incident.</summary>
    Acknowledge = 2,

    /// <summary>Assign a person or group.</summary>
    Assign = 3,

    /// <summary>Start work.</summary>
    StartWork = 4,

    /// <summary>Put on hold.</summary>
    PutOnHold = 5,

    /// <summary>Resume after a hold.</summary>
    Resume = 6,

    /// <summary>Reassess or override the priority.</summary>
    ChangePriority = 7,

    /// <summary>Move to another category.</summary>
    Recategorise = 8,

    /// <summary>Add a work note.</summary>
    AddWorkNote = 9,

    /// <summary>Link a monitoring alert.</summary>
    LinkAlert = 10,

    /// <summary>Record a diagnosis.</summary>
    RecordDiagnosis = 11,

    /// <summary>Escalate by hand.</summary>
    Escalate = 12,

    /// <summary>Resolve.</summary>
    Resolve = 13,

    /// <summary>Reopen.</summary>
    Reopen = 14,

    /// <summary>Close (confirm the resolution).</summary>
    Close = 15,

    /// <summary>Cancel an incident logged in error.</summary>
    Cancel = 16,

    /// <summary>Post a status update.</summary>
    PostStatusUpdate = 17,

    /// <summary>Add evidence (a link or a file).</summary>
    AddEvidence = 18,

    /// <summary>Confirm or reject a resolution.</summary>
    VerifyResolution = 19,

    /// <summary>Change the tenant's configuration (API keys, schedules, policies).</summary>
    Configure = 20,

    /// <summary>Declare an incident major by hand.</summary>
    DeclareMajor = 21,

    /// <summary>Stand a major incident down.</summary>
    StandDownMajor = 22,

    /// <summary>Give or take a response role (incident commander, scribe, …).</summary>
    AssignResponseRole = 23,

    /// <summary>Complete or skip a step of the incident's runbook.</summary>
    WorkRunbook = 24,

    /// <summary>Create, expire or delete a maintenance window (a silence of the tenant's alerts); listing them is <see cref="Read"/>.</summary>
    ManageMaintenanceWindows = 25,

    /// <summary>Write an incident's post-incident review and its action items; reading them is <see cref="Read"/>.</summary>
    WriteReview = 26,

    /// <summary>Create problem records, link incidents to them and move them through their states; reading them is <see cref="Read"/>.</summary>
    ManageProblems = 27,
}
