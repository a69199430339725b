namespace IncidentKit.Reporting;

/// <summary>Names the part of a person's day in which a page reached them.</summary>
public enum PageHours
{
    /// <summary>Within business hours on a business day, in the person's zone.</summary>
    Business = 0,

    /// <summary>Outside business hours and outside sleep hours.</summary>
    Off = 1,

    /// <summary>Within sleep hours, every day of the week.</summary>
    Sleep = 2,
}
