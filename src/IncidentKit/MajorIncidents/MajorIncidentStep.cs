namespace IncidentKit.MajorIncidents;

/// <summary>Lists the steps of the checklist that runs when an incident is declared major (see <see cref="MajorIncidentChecklist"/>).</summary>
/// <remarks>Stores keep the name of the step; never rename a member.</remarks>
public enum MajorIncidentStep
{
    /// <summary>Page the incident commander on call in the commanders' schedule, and give them the role.</summary>
    PageCommander = 0,

    /// <summary>Open a war room (a chat channel or a bridge) through the <see cref="IWarRoomProvider"/>.</summary>
    OpenWarRoom = 1,

    /// <summary>Tell the executives of the communication plan that a major incident is under way.</summary>
    NotifyExecutives = 2,

    /// <summary>Tighten the status-update cadence (by default every 20 minutes for the first 2 hours, then hourly).</summary>
    TightenCadence = 3,

    /// <summary>Start the executive summary: a first account of what is known.</summary>
    StartExecutiveSummary = 4,
}
