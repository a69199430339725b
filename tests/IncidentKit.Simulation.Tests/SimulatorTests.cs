using NodaTime;

namespace IncidentKit.Simulation.Tests;

public sealed class SimulatorTests
{
    private static Instant Utc(int day, int hour, int minute) => Instant.FromUtc(2026, 3, day, hour, minute);

    [Fact]
    public void Run_HandoffAcrossDst_PagesWhoeverIsOnCallAtEachStep()
    {
        var report = Simulator.Run(Scenario.FromJson(Scenarios.DstScenario()));

        Assert.Equal(3, report.Incidents.Count);
        var saturday = report.Incidents[0];
        var night = report.Incidents[1];
        var sunday = report.Incidents[2];

        // Saturday 09:05Z is 09:05 GMT: alice's day began at the 09:00 local handoff (09:00Z); she answers after 4 minutes and
        // resolves 20 minutes later.
        Assert.Equal(Utc(28, 9, 9), saturday.AcknowledgedAt);
        Assert.Equal(new UserId("alice"), saturday.AcknowledgedBy);
        Assert.Equal(Utc(28, 9, 29), saturday.ResolvedAt);
        Assert.Equal((1, 0, 1), (saturday.Pages, saturday.NightPages, saturday.EscalationDepth));

        // Sunday 00:30Z is 00:30 GMT (clocks go forward at 01:00Z), night in London: still alice's day.
        Assert.Equal(new UserId("alice"), night.AcknowledgedBy);
        Assert.Equal(Utc(29, 0, 34), night.AcknowledgedAt);
        Assert.Equal(1, night.NightPages);

        // Sunday 07:55Z is 08:55 BST: alice's last five minutes, but she is unavailable. The repeat at 08:05Z comes after the
        // 09:00 BST handoff (08:00Z, not 09:00Z), so it pages bob, who answers after 3 minutes: 13 minutes, past the 10-minute
        // response target.
        Assert.Equal(new UserId("bob"), sunday.AcknowledgedBy);
        Assert.Equal(Utc(29, 8, 8), sunday.AcknowledgedAt);
        Assert.Equal(Duration.FromMinutes(13), sunday.TimeToAcknowledge);
        Assert.Equal((2, 1), (sunday.Pages, sunday.UnreachableSteps));
        Assert.Equal(["response"], sunday.SlaBreaches);
        Assert.Contains(sunday.Timeline, l => l.StartsWith("2026-03-29T07:55:00Z  page level 1 (round 1", StringComparison.Ordinal) && l.Contains("alice (Sun 08:55; unavailable)", StringComparison.Ordinal));
        Assert.Contains(sunday.Timeline, l => l.StartsWith("2026-03-29T08:05:00Z  page level 1 (round 2", StringComparison.Ordinal) && l.Contains("bob (Sun 09:05; answers after 3m)", StringComparison.Ordinal));

        // The P1 plan asks for a status update every 30 minutes, reminding 5 minutes before: due 08:25Z, reminded at 08:20Z; bob,
        // the owner, posts it after his 3 minutes.
        Assert.Contains(sunday.Timeline, l => l == "2026-03-29T08:20:00Z  status update due by 2026-03-29T08:25:00Z");
        Assert.Contains(sunday.Timeline, l => l == "2026-03-29T08:23:00Z  status update posted by bob");

        Assert.Equal([new PersonLoad(new UserId("alice"), 3, 1, 2), new PersonLoad(new UserId("bob"), 1, 0, 1)], report.People);
        Assert.Equal(1, report.Summary.SlaBreaches);
        Assert.Equal(Duration.FromMinutes(13), report.Summary.P90TimeToAcknowledge);
    }

    [Fact]
    public void Run_NobodyAnswers_WalksEveryRoundAndReportsEachStepUnreachable()
    {
        var json = Scenarios.DstScenario().Replace("\"bob\": { \"acknowledge\": { \"fixed\": \"3m\" } }", "\"bob\": { \"neverAnswers\": true }", StringComparison.Ordinal);

        var sunday = Simulator.Run(Scenario.FromJson(json)).Incidents[2];

        // Rounds at 07:55 (alice, unavailable), 08:05 and 08:15 (bob, never answers): three steps, none answerable, nobody acknowledges.
        Assert.Null(sunday.AcknowledgedAt);
        Assert.Null(sunday.ResolvedAt);
        Assert.Equal((3, 3), (sunday.Pages, sunday.UnreachableSteps));
        Assert.Contains(sunday.Timeline, l => l.StartsWith("2026-03-29T08:15:00Z  page level 1 (round 3", StringComparison.Ordinal) && l.Contains("bob (Sun 09:15; never answers)", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_LoadBuiltInCodeWithNoRate_IsRefusedNamingTheProfile()
    {
        var scenario = Scenario.FromJson(Scenarios.DstScenario());
        var bad = scenario with { Load = [new LoadProfile { Service = "api", PerDay = 0, From = Utc(28, 0, 0), To = Utc(29, 0, 0) }] };

        var ex = Assert.Throws<ArgumentException>(() => Simulator.Run(bad));

        Assert.StartsWith("Load[0] (api): PerDay must be more than 0", ex.Message, StringComparison.Ordinal);
    }
}
