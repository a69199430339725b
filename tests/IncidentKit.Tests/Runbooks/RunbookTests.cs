using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Runbooks;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Runbooks;

public sealed class RunbookTests
{
    private const string FailoverJson = """
        {
          "id": "db-failover",
          "version": 3,
          "title": "Database failover",
          "categories": ["Infrastructure/Database"],
          "labels": { "alertname": "PostgresDown" },
          "steps": [
            { "text": "Page the DBA on call", "duration": "5m", "links": ["https://wiki.example.com/dba"] },
            { "text": "Check replication lag", "required": false, "duration": "1h30m" },
            { "text": "Promote the replica" }
          ]
        }
        """;

    private static readonly Runbook Network = new("network", 1, "Network outage", [new RunbookStep("Check the uplinks", true, null, [])],
        new RunbookSelector([new CategoryPath("Infrastructure")], [], new Dictionary<string, string>()));

    private static readonly Runbook Failover = Runbook.FromJson(FailoverJson, "db-failover.json");

    [Fact]
    public void FromJson_GoodFile_ReadsEveryPart()
    {
        Assert.Equal(("db-failover", 3, "Database failover"), (Failover.Id, Failover.Version, Failover.Title));
        Assert.Equal([new RunbookStep("Page the DBA on call", true, Duration.FromMinutes(5), [new Uri("https://wiki.example.com/dba")]),
            new RunbookStep("Check replication lag", false, Duration.FromMinutes(90), []),
            new RunbookStep("Promote the replica", true, null, [])], Failover.Steps);
        Assert.Equal([new CategoryPath("Infrastructure/Database")], Failover.Selector.Categories);
        Assert.Equal("PostgresDown", Failover.Selector.Labels["alertname"]);
    }

    [Fact]
    public void FromJson_BadFile_ListsEveryProblemWithItsLine()
    {
        const string json = """
            {
              "title": "Database failover",
              "version": 0,
              "owner": "dba",
              "steps": [
                { "text": "Page the DBA", "duration": "soon" },
                { "text": "Open the console", "links": ["/relative"] },
                { "required": "yes" }
              ]
            }
            """;

        var ex = Assert.Throws<RunbookFormatException>(() => Runbook.FromJson(json, "bad.json"));

        Assert.Equal("bad.json", ex.FileName);
        Assert.Equal([3, 4, 6, 7, 8, 8], ex.Problems.Select(p => p.Line));
        Assert.Contains("'version' must be a whole number", ex.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("Unknown property 'owner'", ex.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("Duration 'soon'", ex.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("'/relative'", ex.Problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("line 3:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", 1)]
    [InlineData("{\n  \"title\": \"x\",\n  \"steps\": [ { \"text\": \"a\" } ]\n} trailing", 4)]
    [InlineData("[]", 1)]
    [InlineData("{\n \"title\": \"No steps\"\n}", 2)]
    public void FromJson_Malformed_ThrowsRunbookFormatExceptionWithTheLine(string json, int line)
    {
        Assert.Equal(line, Assert.Throws<RunbookFormatException>(() => Runbook.FromJson(json)).Line);
    }

    [Fact]
    public void FindOrNull_SeveralMatch_TheMostSpecificWinsAndLabelsMustAllMatch()
    {
        var library = new RunbookLibrary([Network, Failover, new Runbook("db-failover", 2, "Old", [new RunbookStep("Old step", true, null, [])])]);

        Assert.Equal(3, library.Runbooks["db-failover"].Version);
        Assert.Same(Network, library.FindOrNull(new CategoryPath("Infrastructure/Database"), null));
        Assert.Equal("db-failover", library.FindOrNull(new CategoryPath("Infrastructure/Database"), null, new Dictionary<string, string> { ["alertname"] = "PostgresDown" })?.Id);
        Assert.Same(Network, library.FindOrNull(new CategoryPath("infrastructure/database"), null, new Dictionary<string, string> { ["alertname"] = "Other" }));
        Assert.Null(library.FindOrNull(new CategoryPath("Security"), "orders-db"));
        Assert.Throws<ArgumentException>(() => new RunbookLibrary([Network, Network]));
    }

    [Fact]
    public void FindOrNull_ByService_SelectsTheServicesRunbookAndTheOneNamingBothWins()
    {
        var orders = new Runbook("orders", 1, "Orders database", [new RunbookStep("Check the orders primary", true, null, [])],
            new RunbookSelector([], ["Orders-DB"], new Dictionary<string, string>()));
        var ordersNetwork = new Runbook("orders-network", 1, "Orders network", [new RunbookStep("Check the orders VLAN", true, null, [])],
            new RunbookSelector([new CategoryPath("Infrastructure")], ["orders-db"], new Dictionary<string, string>()));
        var library = new RunbookLibrary([Network, orders, ordersNetwork]);

        Assert.Same(orders, library.FindOrNull(null, "orders-db"));
        Assert.Same(orders, library.FindOrNull(new CategoryPath("Security"), "orders-db"));
        Assert.Same(ordersNetwork, library.FindOrNull(new CategoryPath("Infrastructure/Network"), "orders-db"));
        Assert.Same(Network, library.FindOrNull(new CategoryPath("Infrastructure/Network"), "search"));
        Assert.Null(library.FindOrNull(null, "search"));

        var incident = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice);
        Assert.True(new RunbookLibrary([orders]).AttachMatching(incident, At(0)));
        Assert.Equal(("orders", "Selected for service orders-db."), (incident.AttachedRunbook?.Id, incident.Events.OfType<RunbookAttached>().Single().Reason));
    }

    [Fact]
    public void AttachMatching_OnOpenAndAfterRecategorise_AttachesTheSnapshotOnce()
    {
        var library = new RunbookLibrary([Network, DatabaseByCategory()]);
        var incident = Incident.Open(IncidentId.New(), Tenant, Details() with { Category = new CategoryPath("Infrastructure") }, T0, Alice);

        Assert.True(library.AttachMatching(incident, At(0)));
        Assert.False(library.AttachMatching(incident, At(1)));
        Assert.Equal("network", incident.AttachedRunbook?.Id);

        incident.Recategorise(new CategoryPath("Infrastructure/Database"), "it is the database", At(5), Alice);
        Assert.True(library.AttachMatching(incident, At(5)));
        Assert.False(library.AttachMatching(incident, At(6)));
        var attached = incident.Events.OfType<RunbookAttached>().ToList();
        Assert.Equal(["network", "db"], attached.Select(a => a.Runbook.Id));
        Assert.Equal(UserId.System, attached[1].Actor);
        Assert.Contains("after recategorisation", attached[1].Reason, StringComparison.Ordinal);

        // A recategorisation to where nothing matches keeps the runbook attached.
        incident.Recategorise(new CategoryPath("Security"), null, At(7), Alice);
        Assert.False(library.AttachMatching(incident, At(7)));
        Assert.Equal("db", incident.AttachedRunbook?.Id);
    }

    [Fact]
    public void Resolve_RequiredStepsOpenWhenGated_ThrowsNamingTheOpenSteps()
    {
        var rules = new IncidentRules(new IncidentWorkflowOptions { RequireRunbookStepsToResolve = true });
        var incident = Open(rules);
        incident.AttachRunbook(Failover.ToSnapshot(), null, At(1), Alice);
        incident.CompleteRunbookStep(1, "paged Bob", At(4), Alice);

        var ex = Assert.Throws<InvalidIncidentTransitionException>(() => incident.Resolve("fixed", "promoted", At(10), Alice));
        var rule = Assert.Single(ex.UnmetRules);
        Assert.Contains("3. Promote the replica", rule, StringComparison.Ordinal);
        Assert.DoesNotContain("Check replication lag", rule, StringComparison.Ordinal);
        Assert.DoesNotContain("Page the DBA", rule, StringComparison.Ordinal);
        Assert.Equal([3], incident.OpenRequiredRunbookSteps);
        Assert.False(incident.CanExecute(IncidentCommand.Resolve, At(10)));
        Assert.DoesNotContain(IncidentCommand.Resolve, incident.PermittedCommands(At(10)));
        Assert.DoesNotContain(IncidentCommand.Resolve, ex.PermittedCommands);

        incident.SkipRunbookStep(3, "the primary came back by itself", At(12), Bob);
        Assert.True(incident.CanExecute(IncidentCommand.Resolve, At(12)));
        Assert.Contains(IncidentCommand.Resolve, incident.PermittedCommands(At(12)));
        incident.Resolve("fixed", "primary recovered", At(13), Alice);
        Assert.Equal(IncidentState.Resolved, incident.State);

        var ungated = Open();
        ungated.AttachRunbook(Failover.ToSnapshot(), null, At(1), Alice);
        ungated.Resolve("fixed", "promoted", At(2), Alice);
    }

    [Fact]
    public void RunbookProgress_CompletedAndSkippedSteps_TimesEachFromTheStepBefore()
    {
        var incident = Open();
        Assert.Null(RunbookProgress.Of(incident));
        incident.AttachRunbook(Failover.ToSnapshot(), "by hand", At(1), Alice);
        incident.CompleteRunbookStep(1, "paged Bob", At(9), Alice);
        incident.SkipRunbookStep(2, "lag is zero", At(10), Bob);

        var progress = RunbookProgress.Of(incident)!;
        Assert.Equal(At(1), progress.AttachedAt);
        Assert.Equal([RunbookStepState.Completed, RunbookStepState.Skipped, RunbookStepState.Open], progress.Steps.Select(s => s.State));
        Assert.Equal([Duration.FromMinutes(8), Duration.FromMinutes(1), (Duration?)null], progress.Steps.Select(s => s.Took));
        Assert.True(progress.Steps[0].Overran);
        Assert.False(progress.Steps[1].Overran);
        Assert.Equal((Bob, "lag is zero"), (progress.Steps[1].FinishedBy, progress.Steps[1].Note));

        Assert.Equal("step", Assert.Throws<ArgumentException>(() => incident.CompleteRunbookStep(1, null, At(11), Alice)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => incident.CompleteRunbookStep(4, null, At(11), Alice)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentException>(() => Open().SkipRunbookStep(1, "no runbook", At(1), Alice)).ParamName);
        Assert.Equal("note", Assert.Throws<ArgumentException>(() => incident.SkipRunbookStep(3, " ", At(11), Alice)).ParamName);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172_800)]
    [InlineData("PT5M", 300)]
    public void TryParse_ShortForms_Read(string text, int seconds)
    {
        Assert.True(RunbookDurations.TryParse(text, out var d));
        Assert.Equal(Duration.FromSeconds(seconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0m")]
    [InlineData("8d")]
    [InlineData("5m1h")]
    [InlineData("5x")]
    [InlineData("m")]
    [InlineData("P1Y")]
    [InlineData("PT99999999999999H")]
    public void TryParse_Invalid_Refuses(string text)
    {
        Assert.False(RunbookDurations.TryParse(text, out _));
    }

    private static Runbook DatabaseByCategory() => new("db", 1, "Database", [new RunbookStep("Check the primary", true, null, [])],
        new RunbookSelector([new CategoryPath("Infrastructure/Database")], [], new Dictionary<string, string>()));
}
