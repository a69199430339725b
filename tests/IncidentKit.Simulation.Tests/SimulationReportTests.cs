using IncidentKit.Reporting;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Simulation.Tests;

// Issue 12 §3: a run's output uses the reporting issue's report format, computed exactly as the real reports compute it.
public sealed class SimulationReportTests
{
    [Fact]
    public void Metrics_DstScenario_IsTheReportingReportOfTheRunsIncidents()
    {
        var scenario = Scenario.FromJson(Scenarios.DstScenario());
        var run = new SimulationRun(scenario, keepIncidents: true);

        var report = run.Finish();

        // The three incidents of SimulatorTests: acknowledged after 4, 4 and 13 minutes, one response target breached.
        var m = report.Metrics;
        Assert.Equal(3, m.Opened);
        Assert.Equal((Duration?)Duration.FromMinutes(7), m.Mtta);
        Assert.Equal(((Duration?)Duration.FromMinutes(4), (Duration?)Duration.FromMinutes(13)), (m.TimeToAcknowledge.Median, m.TimeToAcknowledge.P90));
        Assert.Equal(report.Summary.SlaBreaches, m.SlaBreaches);
        Assert.Equal(report.Summary.Pages, m.OnCallLoad.Sum(l => l.Pages));
        Assert.True(m.Options.IncludeExercises);

        // The same figures as the reporting accumulator gives for the run's incidents read back as histories, down to the page.
        var again = new IncidentMetricsAccumulator(m.Options);
        foreach (var incident in run.Incidents)
        {
            again.Add(new IncidentHistory(incident.Tenant, incident.Id, incident.Version, 0, incident.Events));
        }

        Assert.Equal(ReportHtml.Render(again.ToReport()), ReportHtml.Render(m));
        Assert.Contains("Reporting metrics: MTTA 7.0 min (p90 13.0 min)", report.ToText(), StringComparison.Ordinal);
    }
}
