using IncidentKit.Escalation;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

public sealed class EscalationMatrixJsonTests
{
    // The JSON twin of EscalationTestKit.Matrix(): the same policies, rules and fallback.
    internal const string MatrixJson = """
        {
          "policies": [
            {
              "id": "standard", "name": "Standard",
              "levels": [
                { "kind": "functional", "delay": "5m", "targets": [ "schedule:primary" ] },
                { "kind": "Functional", "delay": "PT10M", "targets": [ "team:tier2" ] },
                { "kind": "hierarchical", "delay": "15m", "targets": [ "role:service-owner-manager" ] },
              ],
              "repeat": { "times": 2, "from": 1 }
            },
            {
              "id": "major", "name": "Major incident",
              "levels": [
                { "delay": "2m", "targets": [ "schedule:primary", "user:bob" ] },
                { "delay": "5m", "targets": [ "team:tier2" ] },
                { "kind": "hierarchical", "delay": "10m", "targets": [ "role:incident-commander" ] },
                { "kind": "hierarchical", "delay": "10m", "targets": [ "user:frank" ] }
              ],
              "repeat": { "forever": true }
            }
          ],
          // tried in order; the first that applies wins
          "rules": [
            { "name": "p1-security", "policy": "major", "priorityAtLeast": "P1", "categoryWithin": "Security", "startLevel": 2, "notifyHierarchicalAtOnce": true },
            { "name": "p1", "policy": "major", "priorityAtLeast": "P1" },
            { "name": "complex-p2", "policy": "major", "priorityAtLeast": "P2", "complexityAtLeast": "complex" }
          ],
          "fallback": "standard"
        }
        """;

    [Fact]
    public void FromJson_TestKitMatrix_HasTheBuilderMadePoliciesAndRules()
    {
        var fromJson = EscalationMatrix.FromJson(MatrixJson);
        var expected = Matrix();

        Assert.Equal(expected.Rules.Select(r => r.ToString()), fromJson.Rules.Select(r => r.ToString()));
        Assert.Equal(expected.Fallback.ToString(), fromJson.Fallback.ToString());
        foreach (var id in new[] { "standard", "major" })
        {
            Assert.True(expected.TryGetPolicy(id, out var e));
            Assert.True(fromJson.TryGetPolicy(id, out var j));
            Assert.Equal(e.Name, j.Name);
            Assert.Equal(e.Version, j.Version);
            Assert.Equal(e.Repeat, j.Repeat);
            Assert.Equal(e.Levels, j.Levels);
        }
    }

    [Theory]
    [InlineData(1, null, Complexity.Standard)]
    [InlineData(1, "Security/Phishing", Complexity.Standard)]
    [InlineData(2, null, Complexity.Complex)]
    [InlineData(3, null, Complexity.Standard)]
    public void FromJson_EngineOverJsonMatrix_DecidesLikeTheBuilderMadeMatrix(int priority, string? category, Complexity complexity)
    {
        var expected = Walk(Engine(Matrix()), priority, category, complexity);
        var actual = Walk(Engine(EscalationMatrix.FromJson(MatrixJson)), priority, category, complexity);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    // Walks an unacknowledged incident for two hours the way the worker does and lists every step with its recipients.
    private static List<string> Walk(EscalationEngine engine, int priority, string? category, Complexity complexity)
    {
        var incident = Open(new Priority(priority), T0, category);
        var steps = new List<string>();
        var now = T0;
        while (now < T0 + Duration.FromHours(2))
        {
            var decision = engine.Decide(incident, now, complexity);
            incident.RecordEscalation(decision);
            steps.AddRange(decision.Steps.Select(Describe));
            if (decision.NextDueAt is not { } next)
            {
                break;
            }

            now = next;
        }

        return steps;
    }

    private static string Describe(EscalationStepFired s) =>
        $"L{s.Level} R{s.Round} {s.Kind} {s.Trigger} {s.At} -> {string.Join(",", s.Recipients)}";

    [Fact]
    public void FromJson_FallbackObjectVersionJumpAndZeroDelay_AreApplied()
    {
        var matrix = EscalationMatrix.FromJson("""
            { "policies": [ { "id": "p", "version": 3, "levels": [
                { "delay": "0s", "allowZeroDelay": "True", "targets": ["user:alice"] },
                { "delay": "1h30m", "targets": ["user:bob"], "jumpTo": 1 } ], "repeat": { "forever": true } } ],
              "fallback": { "policy": "p", "startLevel": 2 } }
            """);

        var policy = matrix.Fallback.Policy;
        Assert.Equal(("p", "p", 3), (policy.Id, policy.Name, policy.Version));
        Assert.Equal(2, matrix.Fallback.StartLevel);
        Assert.Equal(new EscalationLevel([EscalationTarget.User(Alice)], Duration.Zero, EscalationKind.Functional, null, true), policy.Levels[0]);
        Assert.Equal(new EscalationLevel([EscalationTarget.User(Bob)], Duration.FromMinutes(90), EscalationKind.Functional, 1), policy.Levels[1]);
        Assert.Equal(EscalationRepeat.Forever(), policy.Repeat);
        Assert.Empty(matrix.Rules);
    }

    [Theory]
    [InlineData("""[]""", "$: expected { \"policies\"")]
    [InlineData("""{ "fallback": "x" }""", "$.policies: required")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "targets": ["user:a"] } ] } ] }""", "$.fallback: required")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "targets": ["user:a"] } ] } ], "fallback": "nope" }""", "$.fallback: no policy has the id 'nope' (known: s)")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "targets": ["user:a"] } ] } ], "fallback": "s", "escalate": true }""", "$.escalate: unknown property")]
    [InlineData("""{ "policies": [ { "levels": [ { "delay": "5m" } ] } ], "fallback": "s" }""", "$.policies[0].id: required")]
    [InlineData("""{ "policies": [ { "id": "s" } ], "fallback": "s" }""", "$.policies[0].levels: required")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] }, { "id": "s", "levels": [ { "delay": "5m" } ] } ], "fallback": "s" }""", "$.policies[1].id: 's' is already the id of $.policies[0]")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "targets": ["user:a"] } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].delay: required")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "soon" } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].delay: 'soon' is not a duration")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "P1M" } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].delay: 'P1M' uses days, weeks, months or years")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "2y" } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].delay: '2y' has unit 'y'; use w, d, h, m or s")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": 5 } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].delay: expected a duration")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "kind": "sideways" } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].kind: unknown kind 'sideways'")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "targets": ["pager:a"] } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].targets[0]: 'pager:a' is not a target")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "targets": ["alice"] } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].targets[0]: 'alice' is not a target")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m", "targets": ["user:a"], "wait": "1m" } ] } ], "fallback": "s" }""", "$.policies[0].levels[0].wait: unknown property")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ], "repeat": { "times": 2, "forever": true } } ], "fallback": "s" }""", "$.policies[0].repeat: give either \"times\" or \"forever\": true, not both")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ], "repeat": { "from": 1 } } ], "fallback": "s" }""", "$.policies[0].repeat: expected \"times\"")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ], "repeat": { "times": 5000 } } ], "fallback": "s" }""", "$.policies[0].repeat.times: expected a whole number from 0 to 1000")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ], "repeat": { "times": 1, "from": 3 } } ], "fallback": "s" }""", "$.policies[0]: ")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "0m", "targets": ["user:a"] } ] } ], "fallback": "s" }""", "$.policies[0]: ")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "policy": "s" } ], "fallback": "s" }""", "$.rules[0].name: required")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r" } ], "fallback": "s" }""", "$.rules[0].policy: required")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "t" } ], "fallback": "s" }""", "$.rules[0].policy: no policy has the id 't'")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "priorityAtLeast": "urgent" } ], "fallback": "s" }""", "$.rules[0].priorityAtLeast: 'urgent' is not a priority")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "categoryWithin": "a//b" } ], "fallback": "s" }""", "$.rules[0].categoryWithin: 'a//b' is not a category path")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "complexityAtLeast": "hard" } ], "fallback": "s" }""", "$.rules[0].complexityAtLeast: unknown complexity 'hard'")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "complexityAtLeast": "2" } ], "fallback": "s" }""", "$.rules[0].complexityAtLeast: unknown complexity '2'")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "startLevel": "two" } ], "fallback": "s" }""", "$.rules[0].startLevel: expected a whole number from 1 to 64")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "notifyHierarchicalAtOnce": "yes" } ], "fallback": "s" }""", "$.rules[0].notifyHierarchicalAtOnce: expected true or false")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "startLevel": 2 } ], "fallback": "s" }""", "$: Rule 'r' starts at level 2, but policy 's' has levels 1 to 1.")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "rules": [ { "name": "r", "policy": "s", "notifyHierarchicalAtOnce": true } ], "fallback": "s" }""", "$: Rule 'r' notifies management at once, but policy 's' has no hierarchical level.")]
    [InlineData("""{ "policies": [ { "id": "s", "levels": [ { "delay": "5m" } ] } ], "fallback": { "policy": "s", "startLevel": 0 } }""", "$.fallback.startLevel: expected a whole number from 1 to 64")]
    [InlineData("""{ "policies": [ """, "$: malformed JSON")]
    public void FromJson_InvalidInput_ThrowsNamingThePath(string json, string expected)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => EscalationMatrix.FromJson(json));

        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal("escalation matrix", ex.Subject);
    }

    [Fact]
    public void FromJson_ProblemsInPoliciesAndRules_ListsEveryOneAndNotTheReferencesToABrokenPolicy()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => EscalationMatrix.FromJson("""
            { "policies": [ { "id": "s", "levels": [ { "delay": "soon", "targets": ["x"] } ] } ],
              "rules": [ { "name": "r", "policy": "s", "priorityAtLeast": "P0" }, { "name": "q", "policy": "missing" } ],
              "fallback": "s" }
            """));

        Assert.Equal(
        [
            "$.policies[0].levels[0].delay",
            "$.policies[0].levels[0].targets[0]",
            "$.rules[0].priorityAtLeast",
            "$.rules[1].policy",
        ], ex.Errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void DirectoryFromJson_TeamsAndRoles_ResolveLikeTheBuilderMadeDirectory()
    {
        var directory = EscalationDirectory.FromJson("""
            { "Teams": { "tier2": ["carol", "bob"] }, "roles": { "service-owner-manager": ["dave"], "incident-commander": ["erin"] } }
            """);
        var subject = new EscalationSubject(new TenantId("acme"), new IncidentKit.Incidents.IncidentId(Guid.CreateVersion7()), Priority.P1, null, "checkout", null, null);

        Assert.True(directory.TryGetTeamMembers("tier2", out var team));
        Assert.Equal([Carol, Bob], team);
        Assert.True(directory.TryGetRoleHolders("incident-commander", subject, out var holders));
        Assert.Equal([Erin], holders);
        Assert.False(directory.TryGetTeamMembers("Tier2", out _));

        var walk = Walk(new EscalationEngine(Matrix(), PrimaryOnCall(), directory), 3, null, Complexity.Standard);
        Assert.Equal(Walk(Engine(Matrix()), 3, null, Complexity.Standard), walk);
    }

    [Fact]
    public void DirectoryFromJson_RolePerService_WinsOverTheRoleHeldEverywhere()
    {
        var directory = EscalationDirectory.FromJson("""
            { "roles": { "service-owner-manager": { "*": ["dave"], "checkout": ["frank", "erin"] } } }
            """);
        EscalationSubject For(string? service) =>
            new(new TenantId("acme"), new IncidentKit.Incidents.IncidentId(Guid.CreateVersion7()), Priority.P2, null, service, null, null);

        Assert.True(directory.TryGetRoleHolders("service-owner-manager", For("checkout"), out var holders));
        Assert.Equal([Frank, Erin], holders);
        Assert.True(directory.TryGetRoleHolders("service-owner-manager", For("billing"), out holders));
        Assert.Equal([Dave], holders);
        Assert.Equal(["service-owner-manager"], directory.RoleNames);
    }

    [Theory]
    [InlineData("1d", 24 * 60)]
    [InlineData("1w", 7 * 24 * 60)]
    [InlineData("P1D", 24 * 60)]
    [InlineData("1h30m", 90)]
    [InlineData("PT45S", 0.75)]
    public void FromJson_DelayInElapsedUnits_ReadsDaysAsTwentyFourHours(string delay, double minutes)
    {
        var matrix = EscalationMatrix.FromJson($$"""{ "policies": [ { "id": "p", "levels": [ { "delay": "{{delay}}", "targets": ["user:a"] } ] } ], "fallback": "p" }""");

        Assert.Equal(Duration.FromMinutes(minutes), matrix.Fallback.Policy.Levels[0].Delay);
    }

    [Theory]
    [InlineData("""{ "roles": { "ic": { "": ["a"] } } }""", "$.roles.ic.: expected a service name, or \"*\" for every service.")]
    [InlineData("""{ "roles": { "ic": { "orders": [] } } }""", "$.roles.ic.orders: expected a non-empty array of user ids.")]
    [InlineData("""{ "teams": { "dba": [] } }""", "$.teams.dba: expected a non-empty array of user ids.")]
    [InlineData("""{ "teams": { "dba": "bob" } }""", "$.teams.dba: expected a non-empty array of user ids, found \"bob\".")]
    [InlineData("""{ "roles": { "ic": [ {} ] } }""", "$.roles.ic[0]: expected a user id, found an object.")]
    [InlineData("""{ "roles": [] , "people": {} }""", "$.people: unknown property (expected teams, roles).")]
    [InlineData("""{ "teams": { "dba": ["a"], "dba": ["b"] } }""", "$.teams.dba: the team is given more than once.")]
    public void DirectoryFromJson_InvalidInput_ThrowsNamingThePath(string json, string expected)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => EscalationDirectory.FromJson(json));

        Assert.Contains(expected, ex.Errors);
    }
}
