using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Counts the incidents opened in a report's period that share one value of a dimension.</summary>
/// <param name="Dimension">What they are grouped by.</param>
/// <param name="Value">The shared value, e.g. "P1" or "Network/DNS", or "(none)".</param>
/// <param name="Count">How many incidents.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record DimensionCount(ReportDimension Dimension, string Value, int Count);

/// <summary>Counts met and breached SLA clocks of one target kind for incidents that share one value of a dimension.</summary>
/// <param name="Target">The SLA target kind.</param>
/// <param name="Dimension">What the incidents are grouped by.</param>
/// <param name="Value">The shared value.</param>
/// <param name="Met">Clocks met (a <see cref="Incidents.Events.SlaMet"/> without a breach of the same clock).</param>
/// <param name="Breached">Clocks breached (a <see cref="Incidents.Events.SlaBreached"/>).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SlaComplianceEntry(SlaTargetKind Target, ReportDimension Dimension, string Value, int Met, int Breached)
{
    /// <summary>Gets the share of decided clocks that were met, 0 to 100, or <see langword="null"/> when none was decided.</summary>
    public double? PercentMet => Met + Breached == 0 ? null : 100.0 * Met / (Met + Breached);
}

/// <summary>Counts the pages that reached one person in a report's period, by the part of their day they came in.</summary>
/// <param name="Person">The person paged.</param>
/// <param name="Pages">Pages sent to them (one per escalation step that named them).</param>
/// <param name="AcknowledgedPages">Pages they acknowledged: they acknowledged (or started work on) the incident afterwards, before any reopen.</param>
/// <param name="BusinessHours">Pages within business hours in their zone.</param>
/// <param name="OffHours">Pages outside business and sleep hours.</param>
/// <param name="SleepHours">Pages within sleep hours.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record OnCallLoad(UserId Person, int Pages, int AcknowledgedPages, int BusinessHours, int OffHours, int SleepHours);

/// <summary>Holds one point of a trend: the incidents opened in one ISO week or month of the report's zone.</summary>
/// <param name="Start">The first local date of the week or month (the point may be cut short by the period).</param>
/// <param name="Opened">Incidents opened in it.</param>
/// <param name="Resolved">Incidents whose last resolution fell in it.</param>
/// <param name="Mtta">The mean time to acknowledge of the incidents opened in it, if any was acknowledged.</param>
/// <param name="Mttr">The mean time to resolve of the incidents opened in it, if any is resolved.</param>
/// <param name="Pages">Pages sent in it.</param>
/// <param name="SlaMet">SLA clocks met, of incidents opened in it.</param>
/// <param name="SlaBreached">SLA clocks breached, of incidents opened in it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record TrendPoint(LocalDate Start, int Opened, int Resolved, Duration? Mtta, Duration? Mttr, int Pages, int SlaMet, int SlaBreached);

/// <summary>Counts incidents opened in a report's period that share a service and a category: a candidate recurring problem.</summary>
/// <param name="Service">The service, or "(none)".</param>
/// <param name="Category">The category, or "(none)".</param>
/// <param name="Count">How many incidents.</param>
/// <param name="FirstOpenedAt">When the first of them was opened.</param>
/// <param name="LastOpenedAt">When the last of them was opened.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RecurringGroup(string Service, string Category, int Count, Instant FirstOpenedAt, Instant LastOpenedAt);

/// <summary>Reports how far a metrics run has come.</summary>
/// <param name="Incidents">Incident histories read so far.</param>
/// <param name="Events">Events read so far.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public readonly record struct ReportProgress(long Incidents, long Events);

/// <summary>Holds one incident's measurements as a report row (the rows behind the CSV export).</summary>
/// <param name="Times">The incident's instants and wall-clock durations.</param>
/// <param name="BusinessTimeToAcknowledge">The time to acknowledge on the report's calendar, if acknowledged.</param>
/// <param name="BusinessTimeToResolve">The time to resolve on the report's calendar, holds left out, if resolved.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentReportRow(IncidentTimes Times, Duration? BusinessTimeToAcknowledge, Duration? BusinessTimeToResolve);
