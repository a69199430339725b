using IncidentKit.Automations;
using System.Text;
using IncidentKit.Escalation;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests;

public sealed class EscalationConfigurationTests
{
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Grace = new("grace");

    // The README's appsettings: a daily DBA rotation handing off at 09:00 London time, a business-hours network schedule
    // keyed by id, the standard policy paging the DBA on call, then the DBA team, then the service owner's manager.
    internal const string AppSettings = """
        {
          "IncidentKit": {
            "PollInterval": "00:00:05",
            "LeaseDuration": "00:00:30",
            "Schedules": [
              {
                "id": "dba-primary",
                "timeZone": "Europe/London",
                "layers": [ { "name": "daily", "participants": [ "alice", "grace" ], "start": "2026-03-02T09:00", "turn": "1d", "restrictions": [], "end": null } ],
                "overrides": [ { "start": "2026-03-04T09:00:00Z", "end": "2026-03-04T12:00:00Z", "onCall": "bob", "replacing": null } ]
              }
            ],
            "Escalation": {
              "policies": [
                {
                  "id": "standard", "name": "Standard",
                  "levels": [
                    { "kind": "functional", "delay": "5m", "targets": [ "schedule:dba-primary" ] },
                    { "kind": "functional", "delay": "10m", "targets": [ "team:dba" ] },
                    { "kind": "hierarchical", "delay": "15m", "targets": [ "role:service-owner-manager" ] }
                  ],
                  "repeat": { "times": 1, "from": 1 }
                },
                {
                  "id": "major", "name": "Major incident",
                  "levels": [
                    { "delay": "2m", "targets": [ "schedule:dba-primary", "user:carol" ] },
                    { "kind": "hierarchical", "delay": "10m", "targets": [ "role:service-owner-manager" ] }
                  ],
                  "repeat": { "forever": true }
                }
              ],
              "rules": [ { "name": "p1-security", "policy": "major", "priorityAtLeast": "P1", "categoryWithin": "Security", "notifyHierarchicalAtOnce": true } ],
              "fallback": "standard"
            },
            "Directory": {
              "teams": { "dba": [ "bob", "carol" ] },
              "roles": { "service-owner-manager": [ "dave" ] }
            }
          }
        }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static IHost BuildHost(string json, FakeTimeProvider time, bool worker = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddIncidentKit(Configuration(json).GetSection("IncidentKit"), o => o.EnableWorker = worker).UseInMemoryStore();
        return builder.Build();
    }

    private static Incident Open(Instant at, string? category = null) =>
        Incident.Open(new IncidentId(Guid.CreateVersion7()), TenantId.Default,
            new NewIncident { Title = "Replication lag", Impact = Impact.High, Urgency = Urgency.High, Category = category is null ? null : new IncidentKit.Categories.CategoryPath(category) },
            at, new UserId("monitor"));

    // The configuration shown in the README's "Host it" section, kept verbatim.
    private const string ReadmeSettings = """
        { "IncidentKit": {
            "SlaPolicies": { "policies": [ { "name": "standard", "targets": { "P1": { "response": "15m", "resolution": "4h" } } } ] },
            "Schedules": [ { "id": "dba-primary", "timeZone": "Europe/London",
                             "layers": [ { "name": "daily", "participants": [ "alice", "grace" ], "start": "2026-03-02T09:00", "turn": "1d" } ] } ],
            "Escalation": { "policies": [ { "id": "standard", "name": "Standard", "repeat": { "times": 1, "from": 1 },
                                            "levels": [ { "kind": "functional", "delay": "5m", "targets": [ "schedule:dba-primary" ] },
                                                        { "kind": "hierarchical", "delay": "15m", "targets": [ "role:service-owner-manager" ] } ] } ],
                            "rules": [], "fallback": "standard" },
            "Directory": { "roles": { "service-owner-manager": [ "dave" ] } } } }
        """;

    [Fact]
    public async Task AddIncidentKit_ReadmeConfiguration_StartsAndPagesTheOnCallPerson()
    {
        using var host = BuildHost(ReadmeSettings, new FakeTimeProvider(WorkerHarness.Start));
        await host.StartAsync(Token);
        var engine = host.Services.GetRequiredService<EscalationEngine>();

        // Monday 2 March from 09:00 is Alice's turn of the daily rotation that starts that day.
        Assert.Equal([Alice], engine.Decide(Open(Instant.FromUtc(2026, 3, 2, 10, 0)), Instant.FromUtc(2026, 3, 2, 10, 0), Complexity.Standard).Steps.Single().Recipients);
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task AddIncidentKit_AppSettingsEscalation_EnginePagesTheConfiguredOnCallPerson()
    {
        using var host = BuildHost(AppSettings, new FakeTimeProvider(WorkerHarness.Start));
        await host.StartAsync(Token);
        var engine = host.Services.GetRequiredService<EscalationEngine>();

        // Monday 2 March from 09:00 is Alice's turn, Tuesday Grace's, and Wednesday 09:00-12:00 Bob covers by override.
        Assert.Equal([Alice], engine.Decide(Open(Instant.FromUtc(2026, 3, 2, 10, 0)), Instant.FromUtc(2026, 3, 2, 10, 0), Complexity.Standard).Steps.Single().Recipients);
        Assert.Equal([Grace], engine.Decide(Open(Instant.FromUtc(2026, 3, 3, 10, 0)), Instant.FromUtc(2026, 3, 3, 10, 0), Complexity.Standard).Steps.Single().Recipients);
        Assert.Equal([new UserId("bob")], engine.Decide(Open(Instant.FromUtc(2026, 3, 4, 10, 0)), Instant.FromUtc(2026, 3, 4, 10, 0), Complexity.Standard).Steps.Single().Recipients);

        // A P1 security incident takes the major policy and notifies the manager at once, from the directory.
        var security = engine.Decide(Open(Instant.FromUtc(2026, 3, 2, 10, 0), category: "Security"), Instant.FromUtc(2026, 3, 2, 10, 0), Complexity.Standard);
        Assert.Equal([[Alice, new UserId("carol")], [new UserId("dave")]], security.Steps.Select(s => s.Recipients.ToArray()));
        // The engine resolves through the live roster, whose configured schedules are the options' roster.
        Assert.Same(engine.OnCall, host.Services.GetRequiredService<LiveOnCallRoster>());
        Assert.Same(host.Services.GetRequiredService<LiveOnCallRoster>().Configured, host.Services.GetRequiredService<OnCallRoster>());
        Assert.Equal(["dba-primary"], host.Services.GetRequiredService<OnCallRoster>().Schedules.Keys);
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task Worker_AppSettingsEscalation_PagesTheOnCallPersonThenTheTeam()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = BuildHost(AppSettings, time, worker: true);
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        var incident = await host.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Replication lag", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token);

        for (var minute = 0; minute < 6; minute++)
        {
            var beats = heartbeat.Count;
            time.Advance(TimeSpan.FromMinutes(1));
            await heartbeat.WaitForBeatAsync(beats, Token);
        }

        await host.StopAsync(Token);
        var store = host.Services.GetRequiredService<InMemoryIncidentStore>();
        var fired = (await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<EscalationStepFired>().ToList();

        Assert.Equal([1, 2], fired.Select(f => f.Level));
        Assert.Equal([Alice], fired[0].Recipients);
        Assert.Equal([new UserId("bob"), new UserId("carol")], fired[1].Recipients);
    }

    [Fact]
    public void AddIncidentKit_SchedulesKeyedByIdAndEscalationAsJsonString_ReadsBoth()
    {
        const string json = """
            {
              "IncidentKit": {
                "Schedules": {
                  "dba-primary": { "timeZone": "Europe/London", "layers": [ { "name": "daily", "participants": [ "alice" ], "start": "2026-03-02T09:00", "turn": "1w" } ] },
                  "network": "{ \"timeZone\": \"UTC\", \"layers\": [ { \"name\": \"n\", \"participants\": [ \"grace\" ], \"start\": \"2026-03-02T00:00\", \"turn\": \"1d\" } ] }"
                },
                "Escalation": "{ \"policies\": [ { \"id\": \"s\", \"levels\": [ { \"delay\": \"5m\", \"targets\": [ \"schedule:network\", \"user:1001\" ] } ] } ], \"fallback\": \"s\" }"
              }
            }
            """;
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit(Configuration(json).GetSection("IncidentKit")).UseInMemoryStore().Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<IncidentKitOptions>>().Value;

        Assert.Empty(options.ConfigurationProblems);
        Assert.Equal(["dba-primary", "network"], options.Schedules.Select(s => s.Id.Value).Order());
        var engine = provider.GetRequiredService<EscalationEngine>();
        var at = Instant.FromUtc(2026, 3, 3, 10, 0);
        Assert.Equal([Grace, new UserId("1001")], engine.Decide(Open(at), at, Complexity.Standard).Steps.Single().Recipients);
    }

    [Fact]
    public void GetService_WhatTheOptionsBuild_IsRegisteredOnceAndIsWhatTheWorkerUses()
    {
        using var host = BuildHost(ReadmeSettings, new FakeTimeProvider(WorkerHarness.Start), worker: true);
        var services = host.Services;

        var sla = services.GetService<IncidentKit.Sla.SlaEngine>();
        var escalation = services.GetService<EscalationEngine>();
        var matrix = services.GetService<PriorityMatrix>();
        var roster = services.GetService<OnCallRoster>();

        Assert.NotNull(sla);
        Assert.NotNull(escalation);
        Assert.Same(PriorityMatrix.Default, matrix);
        Assert.Same(matrix, services.GetRequiredService<IncidentService>().Rules.PriorityMatrix);
        Assert.Equal(["dba-primary"], roster!.Schedules.Keys);
        Assert.Same(sla, services.GetService<IncidentKit.Sla.SlaEngine>());
        // The worker's automations run over the very same engines.
        var worker = services.GetServices<IHostedService>().OfType<IncidentKitWorker>().Single();
        var automations = services.GetRequiredService<IncidentService>().Automations;
        Assert.Same(automations, worker.Automations);
        Assert.Same(sla, automations.OfType<SlaAutomation>().Single().Engine);
        Assert.Same(escalation, automations.OfType<EscalationAutomation>().Single().Engine);
    }

    [Fact]
    public void GetService_NoSlaPolicies_NoSlaEngineAndNoSlaAutomation()
    {
        using var host = BuildHost("""{ "IncidentKit": { } }""", new FakeTimeProvider(WorkerHarness.Start));

        Assert.Null(host.Services.GetService<IncidentKit.Sla.SlaEngine>());
        Assert.Empty(host.Services.GetRequiredService<IncidentService>().Automations.OfType<SlaAutomation>());
    }

    [Fact]
    public void AddIncidentKit_KeyedScheduleWithAnotherId_ReportsTheMismatchWithItsPath()
    {
        const string json = """
            { "IncidentKit": { "Schedules": { "dba": { "id": "network", "timeZone": "UTC" }, "web": { "timeZone": "UTC", "layers": "daily" } } } }
            """;
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit(Configuration(json).GetSection("IncidentKit")).UseInMemoryStore().Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IncidentKitOptions>>().Value);

        Assert.Equal(
        [
            "IncidentKit:Schedules:dba: $.id: 'network' differs from the key 'dba' the schedule is listed under.",
            "IncidentKit:Schedules:web: $.layers: expected an array of layers, found \"daily\".",
        ], ex.Failures);
    }

    [Fact]
    public async Task AddIncidentKit_NoEscalationConfigured_RegistersNoEngineAndStarts()
    {
        // A null section is the same as a missing one.
        using var host = BuildHost("""{ "IncidentKit": { "Escalation": null, "Directory": null } }""", new FakeTimeProvider(WorkerHarness.Start));
        await host.StartAsync(Token);

        Assert.Null(host.Services.GetService<EscalationEngine>());
        Assert.Empty(host.Services.GetRequiredService<OnCallRoster>().Schedules);
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task AddIncidentKit_HostRegisteredEngine_WinsOverTheConfiguredOne()
    {
        var own = new EscalationEngine(EscalationMatrix.FromJson("""{ "policies": [ { "id": "own", "levels": [ { "delay": "1m", "targets": ["user:x"] } ] } ], "fallback": "own" }"""),
            new OnCallRoster([]), new EscalationDirectory());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(own);
        builder.Services.AddIncidentKit(Configuration(AppSettings).GetSection("IncidentKit"), o => o.EnableWorker = false).UseInMemoryStore();
        using var host = builder.Build();
        await host.StartAsync(Token);

        Assert.Same(own, host.Services.GetRequiredService<EscalationEngine>());
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task StartAsync_BadEscalationConfiguration_FailsListingEveryProblem()
    {
        const string json = """
            {
              "IncidentKit": {
                "Schedules": [
                  { "id": "dba-primary", "timeZone": "Europe/London", "layers": [ { "name": "daily", "participants": [ "alice" ], "start": "2026-03-02T09:00", "turn": "1d" } ] },
                  { "id": "dba-primary", "timeZone": "UTC" },
                  { "id": "broken", "timeZone": "Mars/Olympus", "layers": [ { "name": "x", "participants": [ "a" ], "start": "2026-03-02T09:00", "turn": "1 fortnight" } ] }
                ],
                "Escalation": {
                  "policies": [
                    { "id": "standard", "levels": [
                      { "delay": "5m", "targets": [ "schedule:dba-secondary", "schedule:dba-primary" ] },
                      { "delay": "10m", "targets": [ "team:dba", "role:incident-commander" ] } ] }
                  ],
                  "fallback": "standard"
                },
                "Directory": { "teams": { "network": [ "erin" ] }, "roles": { "incident-commander": [ "dave" ] } }
              }
            }
            """;
        using var host = BuildHost(json, new FakeTimeProvider(WorkerHarness.Start));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Equal(
        [
            // Problems come in document order; a section read from IConfiguration has its keys in key order (layers before timeZone).
            "IncidentKit:Schedules:2: $.layers[0].turn: \"1 fortnight\" is not a turn length such as \"12h\", \"1d\" or \"1w\" (a positive whole number of hours, days or weeks).",
            "IncidentKit:Schedules:2: $.timeZone: unknown time zone 'Mars/Olympus' (expected an IANA id such as \"Europe/London\").",
            "Schedules: two schedules share the id 'dba-primary'.",
            "Escalation: policy 'standard': Level 1 names schedule 'dba-secondary', which the on-call resolver does not know. Configured schedules: dba-primary.",
            "Escalation: policy 'standard': level 2 names team 'dba', which Directory does not list.",
        ], ex.Failures);
    }

    [Fact]
    public async Task StartAsync_InvalidEscalationJson_ReportsItsJsonPathsUnderTheSection()
    {
        const string json = """
            { "IncidentKit": {
                "Escalation": { "policies": [ { "id": "s", "levels": [ { "delay": "soon", "targets": [ "pager:x" ] } ] } ], "fallback": "s" },
                "Directory": { "teams": { "dba": "bob" } } } }
            """;
        using var host = BuildHost(json, new FakeTimeProvider(WorkerHarness.Start));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Equal(
        [
            "IncidentKit:Escalation: $.policies[0].levels[0].delay: 'soon' is not a duration such as \"4h\", \"90m\", \"1h30m\" or \"PT4H\".",
            "IncidentKit:Escalation: $.policies[0].levels[0].targets[0]: 'pager:x' is not a target; expected \"user:<id>\", \"team:<name>\", \"schedule:<id>\" or \"role:<name>\" with a name of 1 to 200 characters.",
            "IncidentKit:Directory: $.teams.dba: expected a non-empty array of user ids, found \"bob\".",
        ], ex.Failures);
    }
}
