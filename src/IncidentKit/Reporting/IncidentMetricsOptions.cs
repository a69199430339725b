using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Describes which incidents a metrics report covers and how it measures them.</summary>
/// <remarks>Validated once, when a report is computed; every problem is named with the property and what it allows.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentMetricsOptions
{
    /// <summary>Gets the tenant whose incidents are measured; no other tenant's data is read.</summary>
    public required TenantId Tenant { get; init; }

    /// <summary>Gets the period reported on, [start, end): both ends are required, the end is after the start, and both lie from
    /// 0001-01-01 to 9999-01-01 UTC (so that every trend point, a whole week or month in <see cref="Zone"/>, has a date).</summary>
    public required Interval Period { get; init; }

    /// <summary>Gets the zone the report is read in: trend buckets, the heat map and labels use its local time.</summary>
    /// <value>The default value is UTC.</value>
    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    /// <summary>Gets the calendar business-time durations are measured on.</summary>
    /// <value>The default value is <see cref="BusinessCalendar.AlwaysOpen"/>, under which business time equals elapsed time.</value>
    public BusinessCalendar Calendar { get; init; } = BusinessCalendar.AlwaysOpen;

    /// <summary>Gets the length of one trend point.</summary>
    /// <value>The default value is <see cref="ReportGranularity.IsoWeek"/>.</value>
    public ReportGranularity Granularity { get; init; } = ReportGranularity.IsoWeek;

    /// <summary>Gets whether incidents marked as exercises are measured too.</summary>
    /// <value>The default value is <see langword="false"/>: exercises are left out.</value>
    public bool IncludeExercises { get; init; }

    /// <summary>Gets how a person's day divides into business, off and sleep hours, for on-call load.</summary>
    /// <value>The default value is <see cref="WorkingHours.Default"/>.</value>
    public WorkingHours Hours { get; init; } = WorkingHours.Default;

    /// <summary>Gets each person's own zone, for on-call load; people not listed are taken to live in <see cref="Zone"/>.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<UserId, DateTimeZone> PersonZones { get; init; } = new Dictionary<UserId, DateTimeZone>();

    /// <summary>Gets the span every <see cref="Period"/> must lie within: 0001-01-01 to 9999-01-01 UTC, so that every trend point,
    /// a whole week or month in any zone, has a date.</summary>
    public static Interval SupportedPeriod { get; } = new(Instant.FromUtc(1, 1, 1, 0, 0), Instant.FromUtc(9999, 1, 1, 0, 0));

    internal void Validate()
    {
        const string name = "options";
        if (Tenant.Value is null)
        {
            throw new ArgumentException($"{nameof(Tenant)} is unset; give the tenant whose incidents are measured.", name);
        }

        if (!Period.HasStart || !Period.HasEnd || Period.End <= Period.Start)
        {
            throw new ArgumentException($"{nameof(Period)} must have a start and an end, the end after the start; got {Period}.", name);
        }

        if (Period.Start < SupportedPeriod.Start || Period.End > SupportedPeriod.End)
        {
            throw new ArgumentException($"{nameof(Period)} must lie from {SupportedPeriod.Start} to {SupportedPeriod.End}; got {Period}.", name);
        }

        if (Zone is null || Calendar is null || Hours is null || PersonZones is null)
        {
            throw new ArgumentException($"{nameof(Zone)}, {nameof(Calendar)}, {nameof(Hours)} and {nameof(PersonZones)} must not be null.", name);
        }

        foreach (var (person, zone) in PersonZones)
        {
            if (person.Value is null || zone is null)
            {
                throw new ArgumentException($"{nameof(PersonZones)} maps every person to a zone; the entry for '{person.Value ?? "(unset)"}' has {(zone is null ? "no zone" : "no person")}.", name);
            }
        }

        if (!Enum.IsDefined(Granularity))
        {
            throw new ArgumentException($"{nameof(Granularity)} {(int)Granularity} is not one of IsoWeek, Month.", name);
        }

        Hours.Validate(name);
    }
}
