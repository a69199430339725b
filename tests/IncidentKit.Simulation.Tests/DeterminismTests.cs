using System.Security.Cryptography;
using System.Text;

namespace IncidentKit.Simulation.Tests;

public sealed class DeterminismTests
{
    // Spread answers, an alert that fires for a random while and steady random arrivals: every random draw the simulator makes.
    private static string Busy(ulong seed) => $$"""
        {
          "name": "busy", "seed": {{seed}}, "until": "2026-01-20T00:00:00Z", "timeZone": "Europe/London",
          "configuration": {
            "schedules": [ { "id": "primary", "timeZone": "Europe/London",
                             "layers": [ { "name": "daily", "participants": [ "alice", "bob", "carol" ], "start": "2026-01-05T09:00", "turn": "1d" } ] } ],
            "escalation": { "policies": [ { "id": "standard", "name": "Standard", "repeat": { "times": 1, "from": 1 },
                                            "levels": [ { "kind": "functional", "delay": "5m", "targets": [ "schedule:primary" ] },
                                                        { "kind": "hierarchical", "delay": "10m", "targets": [ "user:manager" ] } ] } ],
                            "rules": [], "fallback": "standard" },
            "slaPolicies": { "policies": [ { "name": "standard", "targets": { "P1": { "response": "10m", "resolution": "2h" }, "P3": { "response": "30m", "resolution": "8h" } } } ] },
            "routes": [ { "name": "db", "matchers": [ "team=db" ], "impact": "high", "urgency": "high", "groupBy": [ "alertname" ] } ]
          },
          "responders": {
            "default": { "acknowledge": { "logNormal": { "median": "6m", "sigma": 0.9 } } },
            "people": { "bob": { "acknowledge": { "uniform": { "min": "1m", "max": "20m" } } } }
          },
          "resolveAfter": { "logNormal": { "median": "45m", "sigma": 0.8 } },
          "injects": [
            { "at": "2026-01-06T03:00:00Z", "alert": { "key": "db-1", "summary": "Replica lag", "labels": { "team": "db", "alertname": "ReplicaLag" } }, "firesFor": { "uniform": { "min": "5m", "max": "2h" } } }
          ],
          "load": [ { "service": "api", "perDay": 12, "from": "2026-01-05T00:00:00Z", "to": "2026-01-19T00:00:00Z" } ]
        }
        """;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Run_SameSeedTwice_PrintsByteIdenticalReports()
    {
        var first = Simulator.Run(Scenario.FromJson(Busy(2026))).ToText();
        var second = Simulator.Run(Scenario.FromJson(Busy(2026))).ToText();

        Assert.Equal(Hash(first), Hash(second));
        Assert.Contains("Incidents: ", first, StringComparison.Ordinal);
        Assert.True(first.Split('\n').Length > 500, "the run should be busy enough to exercise every draw");
    }

    [Fact]
    public void Run_OtherSeed_PrintsAnotherReport()
    {
        var a = Simulator.Run(Scenario.FromJson(Busy(2026)));
        var b = Simulator.Run(Scenario.FromJson(Busy(2027)));

        Assert.NotEqual(Hash(a.ToText()), Hash(b.ToText()));
        Assert.NotEqual(a.Incidents.Select(i => i.OpenedAt), b.Incidents.Select(i => i.OpenedAt));
    }

    [Fact]
    public void Compare_SameScenario_GivesBothConfigurationsTheSameArrivalsAndAnswers()
    {
        // Common random numbers: the draws are keyed by incident and person, not by the order of draws, so a configuration
        // that pages differently still meets the same incidents at the same instants.
        var scenario = Scenario.FromJson(Busy(5));
        var slower = scenario.Configuration with { Name = "no-sla", Sla = null };

        var comparison = Simulator.Compare(scenario, scenario.Configuration, slower);

        Assert.Equal(comparison.Baseline.Incidents.Select(i => (i.OpenedAt, i.Title)), comparison.Candidate.Incidents.Select(i => (i.OpenedAt, i.Title)));
        Assert.Equal(0, comparison.Candidate.Summary.SlaBreaches);
    }
}
