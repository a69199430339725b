namespace IncidentKit.Sla;

/// <summary>Lists the targets an SLA policy sets per priority.</summary>
public enum SlaTargetKind
{
    /// <summary>Time until the incident is acknowledged (or work starts).</summary>
    Response = 0,

    /// <summary>Time until the incident is resolved.</summary>
    Resolution = 1,

    /// <summary>Time between stakeholder status updates.</summary>
    Update = 2,
}
