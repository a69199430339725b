namespace IncidentKit.Escalation;

/// <summary>Lists what an escalation level can notify.</summary>
public enum EscalationTargetKind
{
    /// <summary>One named person.</summary>
    User = 0,

    /// <summary>Every member of a team.</summary>
    Team = 1,

    /// <summary>Whoever is on call on an on-call schedule at the instant the step fires.</summary>
    Schedule = 2,

    /// <summary>Whoever holds a role for the incident, e.g. "incident-commander" or "service-owner-manager".</summary>
    Role = 3,
}
