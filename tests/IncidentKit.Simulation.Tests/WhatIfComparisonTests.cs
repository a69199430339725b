using NodaTime;

namespace IncidentKit.Simulation.Tests;

public sealed class WhatIfComparisonTests
{
    [Fact]
    public void Compare_WeeklyAgainstFollowTheSun_MovesNightPagesToSydneyDaytime()
    {
        var scenario = Scenario.FromJson(WhatIfScenarios.Scenario);

        var comparison = Simulator.Compare(scenario, scenario.Configuration, SimulationConfiguration.FromJson(WhatIfScenarios.FollowTheSun));

        // Weekly: alice (week of 5 January) takes all six, three at night (02:00, 03:30, 23:30 London) answered in 12 minutes,
        // each past the 10-minute response target. Follow-the-sun: those three go to carol at 13:00, 14:30 and 10:30 Sydney time,
        // answered in 5 minutes by day.
        var (before, after) = (comparison.Baseline.Summary, comparison.Candidate.Summary);
        Assert.Equal((6, 6), (before.Pages, after.Pages));
        Assert.Equal((3, 0), (before.NightPages, after.NightPages));
        Assert.Equal((Duration.FromMinutes(12), Duration.FromMinutes(5)), (before.P90TimeToAcknowledge, after.P90TimeToAcknowledge));
        Assert.Equal((3, 0), (before.SlaBreaches, after.SlaBreaches));
        Assert.Equal([new PersonLoad(new UserId("alice"), 6, 3, 6)], comparison.Baseline.People);
        Assert.Equal([new PersonLoad(new UserId("alice"), 3, 0, 3), new PersonLoad(new UserId("carol"), 3, 0, 3)], comparison.Candidate.People);
        Assert.Equal("weekly vs follow-the-sun: night pages 3 → 0, p90 time to acknowledge 12.0 min → 5.0 min, breaches 3 → 0", comparison.Headline());
        var text = comparison.ToText();
        Assert.Contains("measure                     |   weekly | follow-the-sun\n", text, StringComparison.Ordinal);
        Assert.Contains("night pages                 |        3 |              0\n", text, StringComparison.Ordinal);
        Assert.Contains("time to acknowledge, p90    | 12.0 min |        5.0 min\n", text, StringComparison.Ordinal);
        Assert.Contains("pages to carol (night)      |    0 (0) |          3 (0)\n", text, StringComparison.Ordinal);
    }
}
