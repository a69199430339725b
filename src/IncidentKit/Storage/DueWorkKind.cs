namespace IncidentKit.Storage;

/// <summary>Names the kind of work that falls due for an incident at a planned instant.</summary>
/// <remarks>Stores keep the numeric value; never renumber a member.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum DueWorkKind
{
    /// <summary>An SLA target (response or resolution) reaches a warning or breach threshold.</summary>
    SlaThreshold = 0,

    /// <summary>The next step of an escalation policy is due.</summary>
    EscalationStep = 1,

    /// <summary>A stakeholder update is due.</summary>
    UpdateReminder = 2,

    /// <summary>A resolved incident closes automatically.</summary>
    AutoClose = 3,

    /// <summary>A step of a major incident's checklist is due, or due again after a failed attempt.</summary>
    MajorIncidentChecklist = 4,

    /// <summary>A heartbeat monitor's ping is overdue unless one arrived meanwhile: a check that belongs to no incident
    /// (<see cref="IDueCheckStore"/>), keyed by <see cref="Alerts.HeartbeatMonitor.CheckId"/> and claimed by the alert intake, never
    /// by <see cref="IDueWorkStore.ClaimDueAsync"/>.</summary>
    HeartbeatCheck = 5,

    /// <summary>A resolved incident needs its draft post-incident review (<see cref="Automations.ReviewDraftAutomation"/>).</summary>
    ReviewDraft = 6,

    /// <summary>An alert-opened incident whose automatic resolve the runbook gate held may resolve now that its required steps are
    /// done (<see cref="Alerts.AlertAutoResolveAutomation"/>).</summary>
    AlertAutoResolve = 7,
}
