namespace IncidentKit.MajorIncidents;

/// <summary>Lists the roles people take in the response to a major incident.</summary>
/// <remarks>Every role but <see cref="SubjectMatterExpert"/> has one holder at a time: assigning it to someone else hands it over.
/// Subject matter experts are as many as needed. These are roles on one incident, not the tenant roles of
/// <see cref="Authorization.IncidentRole"/>.</remarks>
public enum ResponseRole
{
    /// <summary>Leads the response and decides; changes roles and priority and stands the incident down.</summary>
    IncidentCommander = 0,

    /// <summary>Stands in for the incident commander.</summary>
    Deputy = 1,

    /// <summary>Keeps the timeline and the notes.</summary>
    Scribe = 2,

    /// <summary>Writes the status updates for stakeholders.</summary>
    CommunicationsLead = 3,

    /// <summary>Brings knowledge of one system; there may be several.</summary>
    SubjectMatterExpert = 4,

    /// <summary>Speaks with affected customers.</summary>
    CustomerLiaison = 5,
}
