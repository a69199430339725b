namespace IncidentKit.Alerts;

/// <summary>Names what happens to a group's incident once every alert of the group has resolved.</summary>
public enum AutoResolveMode
{
    /// <summary>The incident resolves itself (after the hold-down, if any).</summary>
    Resolve = 0,

    /// <summary>A work note records that the alerts cleared; people resolve the incident.</summary>
    Note = 1,

    /// <summary>Nothing is recorded.</summary>
    Nothing = 2,
}
