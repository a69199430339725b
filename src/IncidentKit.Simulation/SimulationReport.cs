using System.Globalization;
using System.Text;
using IncidentKit.Reporting;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Holds the outcome of one simulation run: every incident's outcome and timeline, each person's pages, and the totals.</summary>
/// <remarks>
/// <see cref="ToText"/> prints the report with invariant formatting and ordinal ordering only, so the same scenario, seed and
/// configuration give byte-identical text on any machine (hash it to compare runs).
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class SimulationReport
{
    internal SimulationReport(string scenario, string configuration, ulong seed, Instant until, IReadOnlyList<IncidentOutcome> incidents,
        IReadOnlyList<PersonLoad> people, IReadOnlyDictionary<string, int> notifications, int droppedAlerts, bool timelines, IncidentMetricsReport metrics)
    {
        Scenario = scenario;
        Configuration = configuration;
        Seed = seed;
        Until = until;
        Incidents = incidents;
        People = people;
        Notifications = notifications;
        DroppedAlerts = droppedAlerts;
        Summary = SimulationSummary.Of(incidents);
        Metrics = metrics;
        _timelines = timelines;
    }

    private readonly bool _timelines;

    /// <summary>Gets the scenario's name.</summary>
    public string Scenario { get; }

    /// <summary>Gets the configuration's name.</summary>
    public string Configuration { get; }

    /// <summary>Gets the seed.</summary>
    public ulong Seed { get; }

    /// <summary>Gets the instant the run ended.</summary>
    public Instant Until { get; }

    /// <summary>Gets each incident's outcome, in opening order.</summary>
    public IReadOnlyList<IncidentOutcome> Incidents { get; }

    /// <summary>Gets each paged person's load, ordered by user id.</summary>
    public IReadOnlyList<PersonLoad> People { get; }

    /// <summary>Gets the notifications the communication plans would have sent, per channel.</summary>
    public IReadOnlyDictionary<string, int> Notifications { get; }

    /// <summary>Gets the number of alerts a route dropped.</summary>
    public int DroppedAlerts { get; }

    /// <summary>Gets the run measured by the reporting metrics (<see cref="IncidentMetricsAccumulator"/>), exercises included, the way the real reports measure real incidents.</summary>
    public IncidentMetricsReport Metrics { get; }

    /// <summary>Gets the totals.</summary>
    public SimulationSummary Summary { get; }

    /// <summary>Returns the whole report as text: the totals, each person's pages, then each incident with its timeline.</summary>
    /// <returns>The report; the same run always gives the same text.</returns>
    public string ToText()
    {
        var sb = new StringBuilder();
        var s = Summary;
        sb.Append(CultureInfo.InvariantCulture, $"Simulation: {Scenario} against {Configuration} (seed {Seed}, until {SimulationText.At(Until)})\n");
        sb.Append(CultureInfo.InvariantCulture, $"Incidents: {s.Incidents} opened, {s.Acknowledged} acknowledged, {s.Resolved} resolved\n");
        sb.Append(CultureInfo.InvariantCulture, $"Pages: {s.Pages} ({s.NightPages} at night); unreachable steps: {s.UnreachableSteps}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Time to acknowledge: median {SimulationText.Minutes(s.MedianTimeToAcknowledge)}, p90 {SimulationText.Minutes(s.P90TimeToAcknowledge)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Time to resolve: mean {SimulationText.Minutes(s.MeanTimeToResolve)}, p90 {SimulationText.Minutes(s.P90TimeToResolve)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"SLA breaches: {s.SlaBreaches}; escalation: deepest level {s.MaxEscalationDepth}, {s.EscalatedPastFirstLevel} incidents past level 1\n");
        var m = Metrics;
        sb.Append(CultureInfo.InvariantCulture,
            $"Reporting metrics: MTTA {SimulationText.Minutes(m.Mtta)} (p90 {SimulationText.Minutes(m.TimeToAcknowledge.P90)}), MTTR {SimulationText.Minutes(m.Mttr)} (p90 {SimulationText.Minutes(m.TimeToResolve.P90)}), SLA met {m.SlaMet} / breached {m.SlaBreaches}, mean escalation depth {(m.MeanEscalationDepth is { } depth ? SimulationText.Number(depth) : "-")}\n");
        if (Notifications.Count > 0)
        {
            sb.Append("Notifications: ").AppendJoin(", ", Notifications.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key} {n.Value}"))).Append('\n');
        }

        if (DroppedAlerts > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Alerts dropped by routing: {DroppedAlerts}\n");
        }

        sb.Append("\nPages per person (night):\n");
        foreach (var p in People)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Person.Value,-20} {p.Pages,6} ({p.NightPages}), acknowledged {p.Acknowledged}\n");
        }

        sb.Append("\nIncidents:\n");
        foreach (var i in Incidents)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {i.Number} {i.Priority} {Quote(i.Title)} opened {SimulationText.At(i.OpenedAt)}; ack {Ack(i)}; resolved {(i.TimeToResolve is { } r ? "after " + SimulationText.Span(r) : "no")}; depth {i.EscalationDepth}; pages {i.Pages} ({i.NightPages} night); unreachable {i.UnreachableSteps}; breaches {(i.SlaBreaches.Count == 0 ? "none" : string.Join(",", i.SlaBreaches))}\n");
            if (_timelines)
            {
                foreach (var line in i.Timeline)
                {
                    sb.Append("      ").Append(line).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    private static string Ack(IncidentOutcome i) =>
        i.TimeToAcknowledge is { } t ? $"{i.AcknowledgedBy?.Value ?? "?"} after {SimulationText.Span(t)}" : "nobody";

    private static string Quote(string title) => "\"" + title + "\"";
}
