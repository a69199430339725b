namespace IncidentKit.Reporting;

/// <summary>Names what incidents are grouped by in a breakdown.</summary>
public enum ReportDimension
{
    /// <summary>The incident's priority, e.g. "P1".</summary>
    Priority = 0,

    /// <summary>The incident's category path, or "(none)".</summary>
    Category = 1,

    /// <summary>The affected service, or "(none)".</summary>
    Service = 2,

    /// <summary>The assignment group (the team), or "(none)".</summary>
    Team = 3,
}
