using CsCheck;
using IncidentKit.Alerts;
using IncidentKit.Categories;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

public sealed class AlertRoutingTableTests
{
    private static readonly TenantId Acme = new("acme");

    private static Alert With(params (string Name, string Value)[] labels) => new()
    {
        Integration = "alertmanager",
        Key = "fp",
        Status = AlertStatus.Firing,
        StartsAt = Instant.FromUtc(2026, 1, 1, 0, 0),
        Summary = "s",
        Labels = labels.ToDictionary(l => l.Name, l => l.Value),
        Severity = labels.FirstOrDefault(l => l.Name == "severity").Value,
    };

    [Theory]
    [InlineData("team=\"db\"", true)]
    [InlineData("team!=\"db\"", false)]
    [InlineData("team=~\"d.\"", true)]
    [InlineData("team=~\"d\"", false)]
    [InlineData("team!~\"web|api\"", true)]
    [InlineData("missing=\"\"", true)]
    [InlineData("missing!=\"x\"", true)]
    public void LabelMatcher_Operators_MatchAnchoredLikeAlertmanager(string matcher, bool expected) =>
        Assert.Equal(expected, LabelMatcher.Parse(matcher).Matches(new Dictionary<string, string> { ["team"] = "db" }));

    [Fact]
    public void Route_FirstMatchingRuleWins_InOrder()
    {
        var table = AlertRoutingTable.Build([
            new AlertRoute { Name = "db", Matchers = ["team=\"db\""], Service = "postgres", Category = new CategoryPath("infrastructure/database"), EscalationPolicy = "dba" },
            new AlertRoute { Name = "any-critical", Matchers = ["severity=~\"critical|page\""], Impact = Impact.Low, Urgency = Urgency.Low },
        ]);

        var db = table.Route(With(("team", "db"), ("severity", "critical")), Acme);
        var other = table.Route(With(("team", "web"), ("severity", "page")), Acme);
        var none = table.Route(With(("team", "web"), ("severity", "warning")), Acme);

        Assert.Equal(("db", "postgres", "dba", Impact.High, Urgency.High), (db.Route.Name, db.Route.Service, db.EscalationPolicy, db.Impact, db.Urgency));
        Assert.Equal(("any-critical", Impact.Low, Urgency.Low), (other.Route.Name, other.Impact, other.Urgency));
        Assert.Equal(("default", Impact.Medium, Urgency.Medium), (none.Route.Name, none.Impact, none.Urgency));
    }

    [Fact]
    public void Route_RuleForOtherTenant_IsSkipped()
    {
        var table = AlertRoutingTable.Build([new AlertRoute { Name = "theirs", Tenant = new TenantId("globex"), Drop = true }]);

        Assert.False(table.Route(With(("a", "b")), Acme).Drop);
        Assert.True(table.Route(With(("a", "b")), new TenantId("globex")).Drop);
    }

    [Fact]
    public void Build_InvalidRules_ListsEveryProblem()
    {
        var e = Assert.Throws<ConfigurationValidationException>(() => AlertRoutingTable.Build([
            new AlertRoute { Name = "a", Matchers = ["team=~\"(unclosed\""] },
            new AlertRoute { Name = "a", Matchers = ["no operator"] },
            new AlertRoute { Name = "c", GroupBy = ["bad-label"] },
        ]));

        Assert.Equal(4, e.Errors.Count);
        Assert.Contains(e.Errors, p => p.StartsWith("routes[0].matchers[0]", StringComparison.Ordinal));
        Assert.Contains(e.Errors, p => p.StartsWith("routes[1].name", StringComparison.Ordinal));
        Assert.Contains(e.Errors, p => p.StartsWith("routes[1].matchers[0]", StringComparison.Ordinal));
        Assert.Contains(e.Errors, p => p.StartsWith("routes[2].groupBy", StringComparison.Ordinal));
    }

    [Fact]
    public void GroupKey_GroupByLabels_IgnoresOtherLabelsAndOrder()
    {
        var table = AlertRoutingTable.Build([new AlertRoute { Name = "r", GroupBy = ["cluster", "alertname"] }]);
        var a = With(("alertname", "ApiDown"), ("cluster", "eu"), ("pod", "p1"));
        var b = With(("pod", "p2"), ("cluster", "eu"), ("alertname", "ApiDown"));
        var c = With(("alertname", "ApiDown"), ("cluster", "us"));

        var ka = AlertRoutingTable.GroupKey(table.Route(a, Acme), a);

        Assert.Equal("r|{alertname=\"ApiDown\",cluster=\"eu\"}", ka);
        Assert.Equal(ka, AlertRoutingTable.GroupKey(table.Route(b, Acme), b));
        Assert.NotEqual(ka, AlertRoutingTable.GroupKey(table.Route(c, Acme), c));
    }

    [Fact]
    public void GroupKey_QuotesBackslashesMissingLabelsAndUnsortedNames_EscapedInNameOrderAsAllLabelsGives()
    {
        var named = AlertRoutingTable.Build([new AlertRoute { Name = "r", GroupBy = ["zone", "job", "cluster", "alertname"] }]);
        var all = AlertRoutingTable.Build([new AlertRoute { Name = "r", GroupBy = ["..."] }]);
        var alert = With(("alertname", "Disk \"C:\\\" full"), ("job", ""), ("cluster", "eu\\1"), ("zone", "\"\""));

        var key = AlertRoutingTable.GroupKey(named.Route(alert, Acme), alert);

        Assert.Equal("r|{alertname=\"Disk \\\"C:\\\\\\\" full\",cluster=\"eu\\\\1\",job=\"\",zone=\"\\\"\\\"\"}", key);
        Assert.Equal(AlertRoutingTable.GroupKey(all.Route(alert, Acme), alert), key);
        var missing = With(("alertname", "X"));
        Assert.Equal("r|{alertname=\"X\",cluster=\"\",job=\"\",zone=\"\"}", AlertRoutingTable.GroupKey(named.Route(missing, Acme), missing));
    }

    [Theory]
    [InlineData("batch-.*", "batch-7-x", true)]
    [InlineData("batch-.*", "web-7", false)]
    [InlineData("ab?c", "ac", true)]
    [InlineData("ab*c", "ac", true)]
    [InlineData("ab{0,2}c", "ac", true)]
    [InlineData("ab+c", "abbc", true)]
    [InlineData("ab+c", "ac", false)]
    [InlineData("web|api", "api", true)]
    [InlineData("(?i)WEB-1", "web-1", true)]
    [InlineData("web\\.1", "web.1", true)]
    [InlineData("web\\.1", "webx1", false)]
    [InlineData("web-[0-9]+", "web-", false)]
    [InlineData("", "", true)]
    public void Matches_RegexWithLiteralPrefix_AnswersAsTheRegexAlone(string pattern, string value, bool expected)
    {
        var labels = new Dictionary<string, string> { ["instance"] = value };

        Assert.Equal(expected, LabelMatcher.Parse($"instance=~\"{pattern}\"").Matches(labels));
        Assert.Equal(!expected, LabelMatcher.Parse($"instance!~\"{pattern}\"").Matches(labels));
    }

    [Fact]
    public void GroupKey_NoGroupBy_TakesSenderGroupKeyElseAlertKey()
    {
        var table = AlertRoutingTable.Empty;
        var alert = With(("a", "b"));

        Assert.Equal("default|{}:{alertname=\"X\"}", AlertRoutingTable.GroupKey(table.Route(alert, Acme), alert with { SenderGroupKey = "{}:{alertname=\"X\"}" }));
        Assert.Equal("default|alert:fp", AlertRoutingTable.GroupKey(table.Route(alert, Acme), alert));
    }

    [Fact]
    public void GroupKey_SameGroupAskedAgain_ReturnsTheKeptKeyWithoutAllocating()
    {
        var table = AlertRoutingTable.Build([new AlertRoute { Name = "r", GroupBy = ["cluster", "alertname"] }]);
        var alert = With(("alertname", "Disk\"Full"), ("cluster", "eu-1"), ("instance", "a"));
        var other = With(("alertname", "Disk\"Full"), ("cluster", "eu-1"), ("instance", "b"));
        var sender = alert with { SenderGroupKey = "{}:{alertname=\"X\"}" };
        var route = table.Route(alert, Acme);
        var fallback = AlertRoutingTable.Empty.Route(sender, Acme);
        string first = "", firstSender = "", again = "", againSender = "";
        long allocated = -1;

        // The kept keys are shared by the process: a test running beside this one may replace a slot once in a while, so try
        // again; a build that allocates every key fails every attempt.
        for (var attempt = 0; attempt < 3 && allocated != 0; attempt++)
        {
            first = AlertRoutingTable.GroupKey(route, alert);
            firstSender = AlertRoutingTable.GroupKey(fallback, sender);
            var before = GC.GetAllocatedBytesForCurrentThread();
            again = AlertRoutingTable.GroupKey(route, other);
            againSender = AlertRoutingTable.GroupKey(fallback, sender);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal("r|{alertname=\"Disk\\\"Full\",cluster=\"eu-1\"}", first);
        Assert.Equal("default|{}:{alertname=\"X\"}", firstSender);
        Assert.Same(first, again);
        Assert.Same(firstSender, againSender);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Route_RandomRulesAndAlerts_TakesTheFirstRuleAScanWouldTake()
    {
        string[] names = ["team", "service", "env"];
        string[] values = ["db", "web", "db-1", ""];
        var matcher = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 3], (n, op, v) => names[n] + op switch
        {
            0 => $"=\"{values[v]}\"",
            1 => $"!=\"{values[v]}\"",
            2 => $"=~\"{(v == 3 ? "d.*" : values[v])}\"",
            _ => $"!~\"{(v == 3 ? "w.*" : values[v])}\"",
        });
        var rule = Gen.Select(matcher.Array[0, 3], Gen.Int[0, 2], (m, t) => (Matchers: m, Tenant: t == 0 ? (TenantId?)new TenantId("globex") : null));
        var labels = Gen.Int[0, 4].Array[3].Select(picks => Enumerable.Range(0, 3).Where(i => picks[i] < 4).Select(i => (names[i], values[picks[i]])).ToArray());
        Gen.Select(rule.Array[0, 30], labels, Gen.Bool).Sample((rules, pairs, globex) =>
        {
            AlertRoute[] routes = [.. rules.Select((r, i) => new AlertRoute { Name = $"r{i}", Matchers = r.Matchers, Tenant = r.Tenant })];
            var table = AlertRoutingTable.Build(routes);
            var alert = With(pairs);
            var tenant = globex ? new TenantId("globex") : Acme;
            var scan = routes.FirstOrDefault(r => (r.Tenant is null || r.Tenant == tenant) && r.Matchers.All(m => LabelMatcher.Parse(m).Matches(alert.Labels)));

            Assert.Equal(scan?.Name ?? "default", table.Route(alert, tenant).Route.Name);
        }, iter: 3000);
    }

    [Fact]
    public void SeverityMapping_Default_MapsKnownWordsAndFallsBack()
    {
        Assert.Equal((Impact.High, Urgency.High), SeverityMapping.Default.Map("CRITICAL"));
        Assert.Equal((Impact.Medium, Urgency.Medium), SeverityMapping.Default.Map("warning"));
        Assert.Equal((Impact.Low, Urgency.Low), SeverityMapping.Default.Map("info"));
        Assert.Equal((Impact.Medium, Urgency.Medium), SeverityMapping.Default.Map(null));
    }
}
