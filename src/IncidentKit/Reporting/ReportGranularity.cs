namespace IncidentKit.Reporting;

/// <summary>Names the length of one point of a trend.</summary>
public enum ReportGranularity
{
    /// <summary>An ISO week, Monday to Sunday, in the report's zone.</summary>
    IsoWeek = 0,

    /// <summary>A calendar month in the report's zone.</summary>
    Month = 1,
}
