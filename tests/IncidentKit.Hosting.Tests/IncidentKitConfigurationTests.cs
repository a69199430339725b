using System.Text;
using IncidentKit.Prioritization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Tests;

public sealed class IncidentKitConfigurationTests
{
    internal const string AppSettings = """
        {
          "IncidentKit": {
            "PollInterval": "00:00:02",
            "LeaseDuration": "00:01:00",
            "BatchSize": 250,
            "AutoCloseResolvedAfter": "5.00:00:00",
            "WorkerName": "node-a",
            "EnableWorker": false,
            "ScheduleCommunication": false,
            "HealthCheckTenants": [ "acme", "globex" ],
            "Workflow": { "AllowSkipAcknowledge": false, "RequireAssigneeToStartWork": true, "ReopenWindow": "2.00:00:00" },
            "PriorityMatrix": {
              "Rows": [ [ "P1", "P2" ], [ "P2", "P4" ] ],
              "Labels": { "P1": "Critical", "P4": "Low" }
            },
            "Calendars": {
              "london-office": {
                "timeZone": "Europe/London",
                "weekly": { "monday": [ "09:00-17:00" ], "tuesday": [ "09:00-12:30", "13:30-17:00" ] },
                "holidays": [ "2026-12-25" ],
                "exceptions": { "2026-12-24": [ "09:00-12:00" ], "2026-12-31": [] }
              },
              "always": "{ \"timeZone\": \"UTC\", \"weekly\": { \"monday\": [\"00:00-24:00\"] } }"
            }
          }
        }
        """;

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static IncidentKitOptions Options(string json, Action<IncidentKitOptions>? configure = null)
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddIncidentKit(Configuration(json).GetSection("IncidentKit"), configure).UseInMemoryStore().Services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<IncidentKitOptions>>().Value;
    }

    [Fact]
    public void AddIncidentKit_AppSettingsSection_ReadsEverySetting()
    {
        var options = Options(AppSettings);

        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.LeaseDuration);
        Assert.Equal(250, options.BatchSize);
        Assert.Equal(TimeSpan.FromDays(5), options.AutoCloseResolvedAfter);
        Assert.Equal("node-a", options.WorkerName);
        Assert.False(options.EnableWorker);
        Assert.False(options.ScheduleCommunication);
        Assert.Equal([new TenantId("acme"), new TenantId("globex")], options.HealthCheckTenants);
        Assert.False(options.Workflow.AllowSkipAcknowledge);
        Assert.True(options.Workflow.RequireAssigneeToStartWork);
        Assert.Equal(Duration.FromDays(2), options.Workflow.ReopenWindow);
        Assert.Empty(options.ConfigurationProblems);
    }

    [Fact]
    public void AddIncidentKit_AppSettingsMatrix_BuildsRowsByImpactAndColumnsByUrgency()
    {
        var matrix = Options(AppSettings).PriorityMatrix!;

        Assert.Equal(2, matrix.ImpactLevels);
        Assert.Equal(Priority.P1, matrix.GetPriority(new Impact(1), new Urgency(1)));
        Assert.Equal(Priority.P2, matrix.GetPriority(new Impact(1), new Urgency(2)));
        Assert.Equal(Priority.P4, matrix.GetPriority(new Impact(2), new Urgency(2)));
        Assert.Equal("Critical", matrix.GetLabelOrNull(Priority.P1));
    }

    [Fact]
    public void AddIncidentKit_AppSettingsCalendars_ReadsConfigurationAndJsonStringShapes()
    {
        var calendars = Options(AppSettings).Calendars;
        var london = calendars["LONDON-OFFICE"];

        // Tuesday 2026-03-03 09:00 London (UTC in March): 3.5 h to the lunch break, then on from 13:30.
        var tuesday9 = Instant.FromUtc(2026, 3, 3, 9, 0);
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 14, 30), london.AddBusinessTime(tuesday9, Duration.FromHours(4.5)));
        Assert.Equal(BusinessCalendarJsonRoundTrip(london), london.ToJson());
        Assert.Contains("2026-12-31", london.ToJson(), StringComparison.Ordinal);
        Assert.True(calendars.ContainsKey("always"));
    }

    private static string BusinessCalendarJsonRoundTrip(IncidentKit.Calendars.BusinessCalendar calendar) =>
        IncidentKit.Calendars.BusinessCalendar.FromJson(calendar.ToJson()).ToJson();

    [Fact]
    public void AddIncidentKit_CodeAfterConfiguration_CodeWins()
    {
        var options = Options(AppSettings, o => o.BatchSize = 10);

        Assert.Equal(10, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
    }

    [Fact]
    public void AddIncidentKit_AutoCloseNever_TurnsAutoCloseOff()
    {
        var options = Options("""{ "IncidentKit": { "AutoCloseResolvedAfter": "never" } }""");

        Assert.Null(options.AutoCloseResolvedAfter);
    }

    [Fact]
    public async Task StartAsync_BadConfiguration_FailsListingEveryProblemWithItsPath()
    {
        const string json = """
            {
              "IncidentKit": {
                "PollIntervall": "00:00:05",
                "PollInterval": "five seconds",
                "BatchSize": "many",
                "EnableWorker": "yes",
                "Workflow": { "ReopenWindow": "a week", "AllowSkip": true },
                "PriorityMatrix": { "Rows": [ [ "P1", "P2" ], [ "P9x" ] ] },
                "Calendars": { "broken": { "timeZone": "Mars/Olympus", "weekly": { "funday": [ "09:00-17:00" ] } } }
              }
            }
            """;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddIncidentKit(Configuration(json).GetSection("IncidentKit")).UseInMemoryStore();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        var failures = ex.Failures.ToList();

        Assert.Contains(failures, f => f.StartsWith("IncidentKit:PollIntervall: unknown setting", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:PollInterval: 'five seconds'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:BatchSize: 'many'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:EnableWorker: 'yes'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:Workflow:ReopenWindow: 'a week'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:Workflow:AllowSkip: unknown setting", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:PriorityMatrix:Rows:1: has 1 priorities", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:PriorityMatrix:Rows:1:0: 'P9x'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("IncidentKit:Calendars:broken:", StringComparison.Ordinal) && f.Contains("Mars/Olympus", StringComparison.Ordinal) && f.Contains("funday", StringComparison.Ordinal));
        Assert.Equal(9, failures.Count);
    }

    [Fact]
    public void AddIncidentKit_IncidentLinkBase_IsReadAsTheNotificationsLinkBase()
    {
        var options = Options("""{ "IncidentKit": { "IncidentLinkBase": "https://ops.example.com/incidents/" } }""");

        Assert.Equal(new Uri("https://ops.example.com/incidents/"), options.IncidentLinkBase);
    }

    [Fact]
    public void AddIncidentKit_RelativeIncidentLinkBase_IsReportedWithItsPath()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Options("""{ "IncidentKit": { "IncidentLinkBase": "incidents/" } }"""));

        Assert.Contains(ex.Failures, f => f.StartsWith("IncidentKit:IncidentLinkBase: 'incidents/' is not an absolute URL", StringComparison.Ordinal));
    }

    [Fact]
    public void ToJson_ConfigurationArraysAndEmptyLists_RoundTripToTheCalendarShape()
    {
        var section = Configuration("""{ "c": { "versions": [ { "effectiveFrom": null, "calendar": { "timeZone": "UTC", "holidays": [] } } ] } }""").GetSection("c");

        Assert.Equal("""{"versions":[{"calendar":{"holidays":[],"timeZone":"UTC"},"effectiveFrom":null}]}""", IncidentKitConfigurationReader.ToJson(section));
    }
}
