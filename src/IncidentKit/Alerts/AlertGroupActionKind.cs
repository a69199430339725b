// The grouping engine and the intake name these AlertActionKind, as they did while the kinds were internal; one enum serves both
// (stored group states write the names, which are unchanged).
global using AlertActionKind = IncidentKit.Alerts.AlertGroupActionKind;

namespace IncidentKit.Alerts;

/// <summary>Names what an alert group decides to do to its incident.</summary>
public enum AlertGroupActionKind
{
    /// <summary>Opens the group's next incident (<see cref="AlertGroupAction.NewIncident"/> says what with).</summary>
    Open,

    /// <summary>Links an alert to the incident (<see cref="AlertGroupAction.AlertKey"/> and <see cref="AlertGroupAction.Source"/>).</summary>
    Link,

    /// <summary>Reopens the resolved incident because an alert fired again within the reopen window.</summary>
    Reopen,

    /// <summary>Resolves the incident because every alert of the group is resolved.</summary>
    Resolve,

    /// <summary>Adds a work note (<see cref="AlertGroupAction.Text"/>).</summary>
    Note,

    /// <summary>Acknowledges the incident because its sender acknowledged the alert.</summary>
    Acknowledge,

    /// <summary>Adds a work note that the group started flapping (<see cref="AlertGroupAction.Text"/>).</summary>
    FlappingStarted,
}
