namespace IncidentKit.Alerts;

/// <summary>Names the <c>event_action</c> of an Events API v2 event.</summary>
public enum EventsV2Action
{
    /// <summary><c>trigger</c>: the alert fires.</summary>
    Trigger = 0,

    /// <summary><c>acknowledge</c>: someone is on it.</summary>
    Acknowledge = 1,

    /// <summary><c>resolve</c>: the alert cleared.</summary>
    Resolve = 2,
}
