using System.Text;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Tests;

// The section read through the one configuration model: strict (unknown members refused at their path, enumerations by name
// only, duplicates refused), and categories and communication plans read from configuration.
public sealed class IncidentKitConfigurationReaderTests
{
    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static List<string> Problems(string json)
    {
        var options = new IncidentKitOptions();
        IncidentKitConfigurationReader.Read(Configuration(json).GetSection("IncidentKit"), options);
        return options.ConfigurationProblems;
    }

    private static IncidentKitOptions Options(string json)
    {
        var options = new IncidentKitOptions();
        IncidentKitConfigurationReader.Read(Configuration(json).GetSection("IncidentKit"), options);
        Assert.True(options.ConfigurationProblems.Count == 0, string.Join(Environment.NewLine, options.ConfigurationProblems));
        return options;
    }

    [Fact]
    public void Read_UnknownNestedMembers_AreRefusedEachAtItsPath()
    {
        var problems = Problems("""
            { "IncidentKit": {
                "Categories": { "Network": { "Impakt": 2 } },
                "CommunicationPlans": { "Priorities": { "P1": { "Chanels": [ "chat" ] } } },
                "PriorityMatrix": { "Rows": [ [ "P1" ] ], "Colour": "red" } } }
            """);

        Assert.Equal(
        [
            "IncidentKit:Categories:Network:Impakt: unknown setting (expected AssignmentGroup, Impact, Urgency).",
            "IncidentKit:CommunicationPlans:Priorities:P1:Chanels: unknown setting (expected Name, NotifyOn, NotifyOnStateChanges, Channels, StatusUpdateEvery, RemindBefore, ExecutiveSummaryEvery, ExecutiveRecipients, NotifyOwner).",
            "IncidentKit:PriorityMatrix:Colour: unknown setting (expected Rows, Labels).",
        ], problems.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"2\"")]
    [InlineData("\"sqlite server\"")]
    public void Read_StoreNotGivenByName_IsRefusedListingTheNames(string store)
    {
        var problem = Assert.Single(Problems($$"""{ "IncidentKit": { "Store": {{store}} } }"""));

        Assert.StartsWith("IncidentKit:Store: unknown store ", problem, StringComparison.Ordinal);
        Assert.EndsWith("(expected one of sqlite, postgreSql, inMemory).", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StoreByNameInAnyCase_IsAccepted()
    {
        Assert.Empty(Problems("""{ "IncidentKit": { "Store": "POSTGRESQL" } }"""));
    }

    [Fact]
    public void Read_SubDocumentAsJsonStringWithADuplicateProperty_IsRefusedWithItsPath()
    {
        // IConfiguration's own JSON provider refuses a duplicate key of the section; a sub-document written as one JSON string is
        // read by the strict model, which refuses it too (names compare case-insensitively).
        var problems = Problems("""
            { "IncidentKit": { "Calendars": { "x": "{ \"timeZone\": \"UTC\", \"TimeZone\": \"Europe/London\" }" } } }
            """);

        Assert.Contains(problems, p => p.StartsWith("IncidentKit:Calendars:x: ", StringComparison.Ordinal) && p.Contains("$.TimeZone: the property is given more than once.", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Categories_BuildsTheTreeWithInheritedDefaults()
    {
        var options = Options("""
            { "IncidentKit": { "Categories": {
                "Network": { "AssignmentGroup": "netops", "Impact": 2 },
                "Network/VPN": { "Urgency": "1" },
                "Hardware": "" } } }
            """);

        var tree = options.Categories!;
        Assert.True(tree.Accepts(new CategoryPath("Hardware")));
        Assert.False(tree.Accepts(new CategoryPath("Software")));
        Assert.True(tree.TryGetDefaults(new CategoryPath("network/vpn"), out var vpn));
        Assert.Equal(new CategoryDefaults("netops", new Impact(2), new Urgency(1)), vpn);
    }

    [Fact]
    public void Read_BadCategories_ListsEveryProblemWithItsPath()
    {
        var problems = Problems("""
            { "IncidentKit": { "Categories": { "Network//VPN": {}, "Network": { "Impact": 0, "AssignmentGroup": " " } } } }
            """);

        Assert.Equal(
        [
            "IncidentKit:Categories:Network//VPN: 'Network//VPN' is not a category path (expected up to 8 non-empty segments of at most 64 characters separated by '/', such as \"Network/VPN\").",
            "IncidentKit:Categories:Network:AssignmentGroup: expected a group name, found an empty one.",
            "IncidentKit:Categories:Network:Impact: expected a whole number from 1 to 99, found 0.",
        ], problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddIncidentKit_ConfiguredCategory_GivesAnOpenedIncidentItsDefaults()
    {
        var json = """{ "IncidentKit": { "EnableWorker": false, "Categories": { "Network": { "AssignmentGroup": "netops", "Impact": 1, "Urgency": 1 } } } }""";
        await using var provider = new ServiceCollection().AddLogging()
            .AddIncidentKit(Configuration(json).GetSection("IncidentKit")).UseInMemoryStore().Services.BuildServiceProvider();
        var incidents = provider.GetRequiredService<IncidentService>();

        var incident = await incidents.OpenAsync(TenantId.Default, new NewIncident { Title = "VPN down", Category = new CategoryPath("Network") },
            new UserId("alice"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("netops", incident.AssignmentGroup);
        Assert.Equal(Priority.P1, incident.Priority);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => incidents.OpenAsync(TenantId.Default,
            new NewIncident { Title = "?", Category = new CategoryPath("Software") }, new UserId("alice"), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Read_CommunicationPlansWithAFallback_ReplaceTheDefaults()
    {
        var plans = Options("""
            { "IncidentKit": { "CommunicationPlans": {
                "Fallback": { "NotifyOnStateChanges": true, "Channels": [ "chat" ] },
                "Priorities": { "P1": { "Name": "major", "NotifyOn": [ "sla-breached", "escalated" ], "Channels": [ "chat", "sms" ],
                                        "StatusUpdateEvery": "00:20:00", "RemindBefore": "00:02:00",
                                        "ExecutiveSummaryEvery": "01:00:00", "ExecutiveRecipients": [ "group:executives" ], "NotifyOwner": false } } } } }
            """).CommunicationPlans!;

        var major = plans.ForPriority(Priority.P1);
        Assert.Equal("major", major.Name);
        Assert.Equal(["chat", "sms"], major.Channels);
        Assert.Equal(Duration.FromMinutes(20), major.StatusUpdateEvery);
        Assert.Equal(Duration.FromMinutes(2), major.RemindBefore);
        Assert.Equal(Duration.FromHours(1), major.ExecutiveSummaryEvery);
        Assert.Equal("group:executives", Assert.Single(major.ExecutiveRecipients).ToString());
        Assert.False(major.NotifyOwner);
        Assert.Equal(["escalated", "sla-breached"], major.NotifyOn.Order(StringComparer.Ordinal));
        Assert.Equal("fallback", plans.ForPriority(Priority.P2).Name);
        Assert.Equal(["chat"], plans.ForPriority(Priority.P2).Channels);
        Assert.NotEmpty(plans.ForPriority(Priority.P2).NotifyOn);
    }

    [Fact]
    public void Read_CommunicationPlansWithoutAFallback_ReplaceOrAddToTheDefaultPlans()
    {
        var plans = Options("""{ "IncidentKit": { "CommunicationPlans": { "Priorities": { "P2": { "Channels": [ "chat" ] } } } } }""").CommunicationPlans!;

        Assert.Equal("critical", plans.ForPriority(Priority.P1).Name);
        Assert.Equal("P2", plans.ForPriority(Priority.P2).Name);
        Assert.Equal(IncidentKit.Communication.CommunicationPlans.Default.Fallback.Name, plans.ForPriority(Priority.P3).Name);
    }

    [Fact]
    public void Read_BadCommunicationPlans_ListsEveryProblemWithItsPath()
    {
        var problems = Problems("""
            { "IncidentKit": { "CommunicationPlans": { "Priorities": {
                "P1": { "NotifyOn": [ "sideways" ], "StatusUpdateEvery": "soon", "ExecutiveRecipients": [ "ceo" ] },
                "Px": { } } } } }
            """);

        Assert.Equal(
        [
            "IncidentKit:CommunicationPlans:Priorities:P1:ExecutiveRecipients:0: 'ceo' is not a recipient (expected \"user:<id>\", \"group:<name>\" or \"address:<address>\").",
            "IncidentKit:CommunicationPlans:Priorities:P1:StatusUpdateEvery: 'soon' is not a time span such as \"00:00:05\" or \"3.00:00:00\".",
            "IncidentKit:CommunicationPlans:Priorities:Px: 'Px' is not a priority (expected P1 to P99).",
        ], problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_UnknownEventKind_IsReportedByThePlanBuilderAtThePlansPath()
    {
        var problem = Assert.Single(Problems("""{ "IncidentKit": { "CommunicationPlans": { "Fallback": { "NotifyOn": [ "sideways" ] } } } }"""));

        Assert.Equal("IncidentKit:CommunicationPlans:Fallback: 'sideways' is not a known event kind.", problem);
    }
}
