namespace IncidentKit.Authorization;

/// <summary>Lists the default roles a person holds in a tenant; each role includes what the roles before it may do.</summary>
public enum IncidentRole
{
    /// <summary>Reads incidents, timelines and on-call.</summary>
    Viewer = 0,

    /// <summary>Opens incidents and works them: acknowledge, assign, start, hold, resume, notes, diagnosis, status updates, evidence, resolve, reopen, close.</summary>
    Responder = 1,

    /// <summary>Also changes priority and category, escalates by hand and cancels.</summary>
    IncidentCommander = 2,

    /// <summary>Also configures the tenant (API keys, schedules, policies).</summary>
    Admin = 3,

    /// <summary>Acts for the host's own automation (the worker, the alert intake) on every incident command, but never configures;
    /// never granted to a person, a key or a token.</summary>
    System = 4,
}
