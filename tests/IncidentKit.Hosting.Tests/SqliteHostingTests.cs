using IncidentKit.Hosting.Tests.Worker;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents.Events;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests;

public sealed class SqliteHostingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-hosting-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "incidents.db")}";

    [Fact]
    public void UseSqlite_AfterAddIncidentKit_ReplacesTheInMemoryStoreForEveryPort()
    {
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit().UseSqlite(ConnectionString).Services.BuildServiceProvider();

        var store = Assert.IsType<SqliteIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.Same(store, provider.GetRequiredService<IDueWorkStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IIncidentTimelineVerifier>());
    }

    [Fact]
    public void UsePostgreSql_AfterAddIncidentKit_ReplacesTheInMemoryStoreForEveryPortWithoutConnecting()
    {
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit()
            .UsePostgreSql("Host=db.invalid;Username=incidentkit;Database=incidentkit", o => o.Schema = "ops").Services.BuildServiceProvider();

        var store = Assert.IsType<IncidentKit.PostgreSql.PostgreSqlIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.Same(store, provider.GetRequiredService<IDueWorkStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IIncidentTimelineVerifier>());
    }

    [Fact]
    public async Task Worker_OverSqlite_RecordsThresholdsOnceAndSurvivesARestart()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var automation = new ThresholdAutomation(Duration.FromMinutes(10), Duration.FromMinutes(20));
        IncidentKit.Incidents.Incident incident;
        using (var first = WorkerHarness.Build(time, null, b => b.UseSqlite(ConnectionString).Services.AddSingleton<IOutboxPlanner, Worker.EventKeyedOutboxPlanner>(), automation))
        {
            await first.StartAsync(TestContext.Current.CancellationToken);
            var heartbeat = first.Services.GetRequiredService<WorkerHeartbeat>();
            await heartbeat.WaitForBeatAsync(0, TestContext.Current.CancellationToken);
            incident = await first.Services.GetRequiredService<IncidentKit.Incidents.IncidentService>().OpenAsync(TenantId.Default,
                new IncidentKit.Incidents.NewIncident { Title = "Disk full", Impact = IncidentKit.Prioritization.Impact.High, Urgency = IncidentKit.Prioritization.Urgency.High },
                new UserId("alice"), cancellationToken: TestContext.Current.CancellationToken);
            var beats = heartbeat.Count;
            time.Advance(TimeSpan.FromMinutes(11));
            await heartbeat.WaitForBeatAsync(beats, TestContext.Current.CancellationToken);
            await first.StopAsync(TestContext.Current.CancellationToken);
        }

        time.Advance(TimeSpan.FromHours(1));
        using var second = WorkerHarness.Build(time, null, b => b.UseSqlite(ConnectionString).Services.AddSingleton<IOutboxPlanner, Worker.EventKeyedOutboxPlanner>(), automation);
        await second.StartAsync(TestContext.Current.CancellationToken);
        await second.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, TestContext.Current.CancellationToken);
        var store = second.Services.GetRequiredService<IIncidentStore>();
        var notes = (await store.ReadAsync(TenantId.Default, incident.Id, 0, TestContext.Current.CancellationToken)).Events.OfType<WorkNoteAdded>().ToList();
        var outbox = await second.Services.GetRequiredService<IOutboxStore>().ListOutboxAsync(TenantId.Default, 100, TestContext.Current.CancellationToken);
        await second.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal([incident.OpenedAt + Duration.FromMinutes(10), incident.OpenedAt + Duration.FromMinutes(20)], notes.Select(n => n.At));
        Assert.Equal(notes.Select(n => n.EventId.ToString("D")), outbox.Select(m => m.IdempotencyKey));
    }

    [Fact]
    public async Task AddNotifications_OverSqlite_DeliversThePagesOfAnEscalatingP1OnceAndEmptiesTheOutbox()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var pager = new Notifications.RecordingChannel("pager");
        await using var host = await Notifications.NotificationHost.StartAsync(time, b => b.UseSqlite(ConnectionString), b => b.AddNotificationChannel(_ => pager));

        await host.OpenP1Async();
        await Notifications.NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(30), host);

        Assert.Empty(await host.Services.GetRequiredService<IOutboxStore>().ListOutboxAsync(TenantId.Default, 100, TestContext.Current.CancellationToken));
        var pages = pager.Delivered.Where(m => m.EventKind == "escalation-step-fired").Select(m => m.Recipients.Single()).ToList();
        Assert.Equal([Communication.Recipient.ForUser(Notifications.NotificationHost.Alice), Communication.Recipient.ForUser(Notifications.NotificationHost.Bob)], pages);
        Assert.All(pager.Arrivals, arrival => Assert.Equal(1, arrival.Value));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
