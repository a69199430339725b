using IncidentKit.Simulation.Json;

namespace IncidentKit.Simulation.Tests;

// Issue 12 §3: scenario files in YAML as well as JSON, one model and one validation.
public sealed class ScenarioYamlTests
{
    // Scenarios.DstConfiguration, as a team would write it in YAML.
    private const string DstConfiguration = """
        # A daily rotation handing over at 09:00 London time.
        name: daily
        schedules:
          - id: primary
            timeZone: Europe/London
            layers:
              - name: daily
                participants: [alice, bob]
                start: 2026-03-02T09:00
                turn: 1d
        escalation:
          policies:
            - id: standard
              name: Standard
              repeat: { times: 2, from: 1 }
              levels:
                - kind: functional
                  delay: 10m
                  targets: ["schedule:primary"]
          rules: []
          fallback: standard
        slaPolicies:
          policies:
            - name: standard
              targets:
                P1: { response: 10m, resolution: 4h }
        """;

    private const string DstScenario = """
        name: dst-handoff
        seed: 7
        until: 2026-03-30T00:00:00Z
        timeZone: Europe/London
        resolveAfter: { fixed: 20m }
        responders:
          default:
            acknowledge: { fixed: 4m }
          people:
            alice:
              acknowledge: { fixed: 4m }
              unavailable:
                - { from: 2026-03-29T07:00:00Z, to: 2026-03-29T10:00:00Z }
            bob:
              acknowledge: { fixed: 3m }
        injects:
          - at: 2026-03-28T09:05:00Z
            incident: { title: Saturday checkout errors, impact: high, urgency: high }
          - at: 2026-03-29T00:30:00Z
            incident: { title: Night disk full, impact: high, urgency: high }
          - at: 2026-03-29T07:55:00Z
            incident: { title: Sunday API down, impact: high, urgency: high }
        """;

    [Fact]
    public void FromYaml_DstScenarioWrittenInYaml_PrintsTheSameReportAsTheJson()
    {
        var fromYaml = Simulator.Run(Scenario.FromYaml(DstScenario, SimulationConfiguration.FromYaml(DstConfiguration)));
        var fromJson = Simulator.Run(Scenario.FromJson(Scenarios.DstScenario()));

        Assert.Equal(fromJson.ToText(), fromYaml.ToText());
        Assert.Equal(3, fromYaml.Incidents.Count);
    }

    [Fact]
    public void FromYaml_BadValuesAndUnknownKeys_ListsEveryProblemAtItsPath()
    {
        var yaml = DstScenario.Replace("seed: 7", "seed: 7\nspeed: 3", StringComparison.Ordinal)
            .Replace("turn: 1d", "turn: soon", StringComparison.Ordinal);
        var unknown = Assert.Throws<ConfigurationValidationException>(() => Scenario.FromYaml(yaml, SimulationConfiguration.FromYaml(DstConfiguration)));
        var badTurn = Assert.Throws<ConfigurationValidationException>(() =>
            SimulationConfiguration.FromYaml(DstConfiguration.Replace("turn: 1d", "turn: soon", StringComparison.Ordinal)));
        var badSeed = Assert.Throws<ConfigurationValidationException>(() =>
            Scenario.FromYaml(DstScenario.Replace("seed: 7", "seed: seven", StringComparison.Ordinal), SimulationConfiguration.FromYaml(DstConfiguration)));

        Assert.StartsWith("$.speed", Assert.Single(unknown.Errors), StringComparison.Ordinal);
        Assert.Contains(badTurn.Errors, e => e.StartsWith("$.schedules", StringComparison.Ordinal) && e.Contains("soon", StringComparison.Ordinal));
        Assert.StartsWith("$.seed", Assert.Single(badSeed.Errors), StringComparison.Ordinal);
        // The JSON made from the YAML is not the file: no line of it is named.
        Assert.DoesNotContain("line", Assert.Single(badSeed.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: a\nname: b\n", 2)]
    [InlineData("name: a\n  seed: [1\n", 2)]
    [InlineData("injects:\n  - at: x\n - at: y\n", 3)]
    public void FromYaml_SyntaxErrorOrRepeatedKey_NamesTheLine(string yaml, int line)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => Scenario.FromYaml(yaml));

        Assert.StartsWith($"line {line}, column ", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FromYaml_TwoDocumentsOrNone_IsRefused()
    {
        Assert.Contains("found 2", Assert.Single(Assert.Throws<ConfigurationValidationException>(() => Scenario.FromYaml("a: 1\n---\nb: 2\n")).Errors), StringComparison.Ordinal);
        Assert.Contains("found 0", Assert.Single(Assert.Throws<ConfigurationValidationException>(() => Scenario.FromYaml("# nothing\n")).Errors), StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Scenario.FromYaml(null!));
    }

    [Fact]
    public void ToJson_Scalars_FollowTheYaml12CoreSchemaSoLookalikesStayText()
    {
        var json = ScenarioYaml.ToJson("""
            a: no
            b: 09:00
            c: 0123
            d: 1.5e3
            e: ~
            f: 'true'
            g: true
            h: -0
            i: 2026-03-02T09:00
            j: "7"
            k: 18446744073709551615
            l:
            m: |
              two
              lines
            """, "test");

        Assert.Equal("""{"a":"no","b":"09:00","c":"0123","d":1.5e3,"e":null,"f":"true","g":true,"h":-0,"i":"2026-03-02T09:00","j":"7","k":18446744073709551615,"l":null,"m":"two\nlines"}""", json);
    }

    [Fact]
    public void ToJson_AliasInsideItself_IsRefusedInsteadOfLoopingForever()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => ScenarioYaml.ToJson("a: &x\n  b: *x\n", "test"));

        Assert.Contains("nested deeper than 64 levels", ex.Errors[0], StringComparison.Ordinal);
    }
}
