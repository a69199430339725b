namespace IncidentKit.Communication;

/// <summary>Lists who a status update or a subscription is meant for.</summary>
public enum Audience
{
    /// <summary>The people working the incident and their organisation: they see every update, internal notes included.</summary>
    Internal = 0,

    /// <summary>Stakeholders outside the response (customers, executives, other teams): they see state changes and updates written for them.</summary>
    External = 1,
}
