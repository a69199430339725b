namespace IncidentKit.Sla;

/// <summary>Lists the kinds of SLA event an incident records.</summary>
public enum SlaEventKind
{
    /// <summary>A warning threshold (a share of the target) was reached; recorded as <see cref="Incidents.Events.SlaWarningReached"/>.</summary>
    Warning = 0,

    /// <summary>The target fell due while its clock was counting; recorded as <see cref="Incidents.Events.SlaBreached"/>.</summary>
    Breach = 1,

    /// <summary>The clock stopped in time; recorded as <see cref="Incidents.Events.SlaMet"/>.</summary>
    Met = 2,
}
