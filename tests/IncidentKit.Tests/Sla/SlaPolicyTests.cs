using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Tests.Sla;

public class SlaPolicyTests
{
    private const string PolicyJson = """
        {
          "policies": [
            { "name": "acme-network", "when": { "tenant": "acme", "category": "network" },
              "calendar": "office",
              "targets": { "P1": { "response": "15m", "resolution": { "within": "PT4H", "calendar": null }, "update": "1h30m" } },
              "warnings": { "resolution": [50, 80] },
              "pausedBy": { "resolution": ["onHold"], "response": ["onHold"] },
              "reopen": "continue" },
            { "name": "urgent", "when": { "priorities": ["P1", "P2"] },
              "targets": { "P1": { "response": "30m", "resolution": "8h" }, "P2": { "resolution": "PT16H" } } },
            // the fallback: no "when"
            { "name": "standard", "calendar": "office",
              "targets": { "P3": { "resolution": "24h" }, "P4": { "resolution": "40h" } } }
          ]
        }
        """;

    [Fact]
    public void Build_Defaults_WarningsAndPausingStates()
    {
        var policy = new SlaPolicyBuilder("p").SetTarget(Priority.P1, SlaTargetKind.Resolution, Duration.FromHours(4)).Build();

        Assert.Equal([50, 75, 90], policy.GetWarnings(SlaTargetKind.Resolution));
        Assert.Equal([50, 75, 90], policy.GetWarnings(SlaTargetKind.Response));
        Assert.Equal([IncidentState.OnHold], policy.GetPausingStates(SlaTargetKind.Resolution));
        Assert.Empty(policy.GetPausingStates(SlaTargetKind.Response));
        Assert.Empty(policy.GetPausingStates(SlaTargetKind.Update));
        Assert.Equal(SlaReopenMode.Restart, policy.ReopenMode);
        Assert.True(policy.TryGetTarget(Priority.P1, SlaTargetKind.Resolution, out var target));
        Assert.Equal(new SlaTarget(SlaTargetKind.Resolution, Duration.FromHours(4), null), target);
        Assert.False(policy.TryGetTarget(Priority.P2, SlaTargetKind.Resolution, out _));
    }

    [Fact]
    public void Build_InvalidConfiguration_ListsEveryProblem()
    {
        var builder = new SlaPolicyBuilder(" ")
            .SetTarget(Priority.P1, SlaTargetKind.Response, Duration.Zero)
            .SetTarget(Priority.P2, SlaTargetKind.Resolution, Duration.FromHours(-1), " ")
            .SetWarnings(SlaTargetKind.Resolution, 50, 100, 50)
            .SetPausingStates(SlaTargetKind.Update, IncidentState.Resolved);

        var ex = Assert.Throws<ConfigurationValidationException>(builder.Build);

        Assert.Equal(
            [
                "The policy needs a name.",
                "P1 Response: the target must be positive, not 0:00:00:00.",
                "P2 Resolution: the target must be positive, not -0:01:00:00.",
                "P2 Resolution: the calendar name is blank.",
                "Resolution warnings: 100 % is outside 1 to 99 (100 % is the breach itself).",
                "Resolution warnings: 50 % is listed more than once.",
                "Update pausing states: Resolved is not an open state (New, Acknowledged, InProgress or OnHold).",
            ], ex.Errors);
    }

    [Fact]
    public void GetWarnings_UndefinedKind_ThrowsArgumentOutOfRange()
    {
        var policy = new SlaPolicyBuilder("p").SetTarget(Priority.P1, SlaTargetKind.Resolution, Duration.FromHours(4)).Build();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => policy.GetWarnings((SlaTargetKind)7));
        Assert.Equal("kind", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.TryGetTarget(Priority.P1, (SlaTargetKind)(-1), out _));
    }

    [Fact]
    public void Build_NoTarget_Throws()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(new SlaPolicyBuilder("empty").Build);
        Assert.Contains("no target", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void SetBuilder_NoFallback_Throws()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(new SlaPolicySetBuilder().Build);
        Assert.Contains("fallback", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme", "network/wan", 1, "acme-network")]
    [InlineData("acme", "network", 3, "acme-network")]
    [InlineData("globex", "network/wan", 1, "urgent")]
    [InlineData("acme", "software", 2, "urgent")]
    [InlineData("acme", "networking", 3, "standard")]
    [InlineData("acme", null, 4, "standard")]
    public void Select_ByTenantCategoryAndPriority_FirstMatchElseFallback(string tenant, string? category, int priority, string expected)
    {
        var set = SlaPolicySet.FromJson(PolicyJson);

        var policy = set.Select(new Priority(priority), category is null ? null : new CategoryPath(category), new TenantId(tenant));

        Assert.Equal(expected, policy.Name);
    }

    [Fact]
    public void FromJson_FullPolicy_ReadsTargetsCalendarsWarningsPausesAndReopen()
    {
        var set = SlaPolicySet.FromJson(PolicyJson);
        var policy = set.Rules[0].Value;

        Assert.Equal(2, set.Rules.Count);
        Assert.Equal("standard", set.Fallback.Name);
        Assert.True(policy.TryGetTarget(Priority.P1, SlaTargetKind.Response, out var response));
        Assert.Equal(new SlaTarget(SlaTargetKind.Response, Duration.FromMinutes(15), "office"), response);
        Assert.True(policy.TryGetTarget(Priority.P1, SlaTargetKind.Resolution, out var resolution));
        Assert.Equal(new SlaTarget(SlaTargetKind.Resolution, Duration.FromHours(4), "office"), resolution);
        Assert.True(policy.TryGetTarget(Priority.P1, SlaTargetKind.Update, out var update));
        Assert.Equal(Duration.FromMinutes(90), update.Within);
        Assert.Equal([50, 80], policy.GetWarnings(SlaTargetKind.Resolution));
        Assert.Equal([IncidentState.OnHold], policy.GetPausingStates(SlaTargetKind.Response));
        Assert.Equal(SlaReopenMode.Continue, policy.ReopenMode);
        Assert.Equal(new SlaPolicyCondition { Tenant = new TenantId("acme"), Category = new CategoryPath("network"), Priorities = set.Rules[0].Key.Priorities }, set.Rules[0].Key);
    }

    [Theory]
    [InlineData("4h", 240)]
    [InlineData("90m", 90)]
    [InlineData("1h30m", 90)]
    [InlineData("45s", 0.75)]
    [InlineData("PT4H", 240)]
    [InlineData("pt1h30m", 90)]
    public void FromJson_Durations_ShortAndIso(string text, double minutes)
    {
        var set = SlaPolicySet.FromJson($$"""{ "policies": [ { "name": "p", "targets": { "P1": { "resolution": "{{text}}" } } } ] }""");

        Assert.True(set.Fallback.TryGetTarget(Priority.P1, SlaTargetKind.Resolution, out var target));
        Assert.Equal(Duration.FromSeconds(minutes * 60), target.Within);
    }

    [Theory]
    [InlineData("{ \"policies\": [ ", "$: malformed JSON at line 1")]
    [InlineData("[]", "$: expected { \"policies\": [...] }")]
    [InlineData("{ \"policies\": [] }", "$.policies: expected a non-empty array of policies.")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"when\": {}, \"targets\": { \"P1\": { \"response\": \"1h\" } } } ] }", "$.policies: no policy without \"when\"")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"targets\": { \"P1\": { \"response\": \"2d\" } } } ] }", "$.policies[0].targets.P1.response: '2d' uses days or weeks")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"targets\": { \"P1\": { \"response\": \"P1D\" } } } ] }", "$.policies[0].targets.P1.response: 'P1D' uses days")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"targets\": { \"P1\": { \"response\": \"soon\" } } } ] }", "$.policies[0].targets.P1.response: 'soon' is not a duration")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"targets\": { \"P0\": { \"response\": \"1h\" } } } ] }", "$.policies[0].targets.P0: 'P0' is not a priority")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"targets\": { \"P1\": { \"fix\": \"1h\" } } } ] }", "$.policies[0].targets.P1.fix: unknown property (expected response, resolution, update)")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"targets\": { \"P1\": { \"response\": \"0m\" } } } ] }", "$.policies[0]: P1 Response: the target must be positive")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"reopen\": \"again\", \"targets\": { \"P1\": { \"response\": \"1h\" } } } ] }", "$.policies[0].reopen: unknown reopen mode 'again' (expected one of restart, continue)")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"pausedBy\": { \"resolution\": [\"asleep\"] }, \"targets\": { \"P1\": { \"response\": \"1h\" } } } ] }", "$.policies[0].pausedBy.resolution[0]: unknown incident state 'asleep' (expected one of new, acknowledged")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"warnings\": { \"update\": [50, \"x\"] }, \"targets\": { \"P1\": { \"response\": \"1h\" } } } ] }", "$.policies[0].warnings.update[1]: expected a whole percentage, found \"x\"")]
    [InlineData("{ \"policies\": [ { \"name\": \"p\", \"when\": { \"colour\": \"red\" }, \"targets\": { \"P1\": { \"response\": \"1h\" } } }, { \"name\": \"q\", \"targets\": { \"P1\": { \"response\": \"1h\" } } } ] }", "$.policies[0].when.colour: unknown property")]
    public void FromJson_InvalidInput_SaysWhereAndWhy(string json, string expected)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => SlaPolicySet.FromJson(json));

        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_SeveralProblems_ListsThemAll()
    {
        const string json = """
            { "policies": [
              { "targets": { "P1": { "response": "1x" } } },
              { "name": "b", "targets": { "P1": { "resolution": "1h" } } },
              { "name": "c", "targets": { "P1": { "resolution": "1h" } } } ] }
            """;

        var ex = Assert.Throws<ConfigurationValidationException>(() => SlaPolicySet.FromJson(json));

        Assert.Equal(4, ex.Errors.Count);
        Assert.StartsWith("$.policies[0].name:", ex.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("$.policies[0].targets.P1.response:", ex.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("$.policies[1]: a second policy without \"when\"", ex.Errors[2], StringComparison.Ordinal);
        Assert.StartsWith("$.policies[2]: a second policy without \"when\"", ex.Errors[3], StringComparison.Ordinal);
    }

    // The SLA reader used to merge duplicate keys, read "1" as an enum value and let an empty "when" take the fallback's place;
    // it now follows the one rule of every configuration reader.
    [Theory]
    [InlineData("""{ "policies": [ { "name": "p", "targets": { "P1": { "response": "1h" }, "P1": { "resolution": "4h" } } } ] }""", "$.policies[0].targets.P1: the entry is given more than once.")]
    [InlineData("""{ "policies": [ { "name": "p", "name": "q", "targets": { "P1": { "response": "1h" } } } ] }""", "$.policies[0].name: the property is given more than once.")]
    [InlineData("""{ "policies": [ { "name": "p", "reopen": "1", "targets": { "P1": { "response": "1h" } } } ] }""", "$.policies[0].reopen: unknown reopen mode '1' (expected one of restart, continue).")]
    [InlineData("""{ "policies": [ { "name": "p", "reopen": 1, "targets": { "P1": { "response": "1h" } } } ] }""", "$.policies[0].reopen: unknown reopen mode 1 (expected one of restart, continue).")]
    [InlineData("""{ "policies": [ { "name": "p", "pausedBy": { "resolution": ["3"] }, "targets": { "P1": { "response": "1h" } } } ] }""", "$.policies[0].pausedBy.resolution[0]: unknown incident state '3' (expected one of new, acknowledged, inProgress, onHold, resolved, closed, cancelled).")]
    [InlineData("""{ "policies": [ { "name": "p", "when": {}, "targets": { "P1": { "response": "1h" } } }, { "name": "q", "targets": { "P1": { "response": "1h" } } } ] }""", "$.policies[0].when: an empty condition matches every incident; give priorities, a category or a tenant, or leave \"when\" out for the fallback policy.")]
    public void FromJson_LaxInputOtherReadersRefuse_IsRefusedToo(string json, string expected)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => SlaPolicySet.FromJson(json));

        Assert.Contains(expected, ex.Errors);
    }
}
