using IncidentKit.Communication;
using IncidentKit.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IncidentKit.Hosting.Tests.Notifications;

// Two nodes, each with its own host, data source, worker and dispatcher, against one real PostgreSQL database.
public sealed class PostgreSqlNotificationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddNotifications_TwoNodesOnOneDatabase_DeliverEachPageAndStateChangeOnce()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("notify", TestContext.Current.CancellationToken);
        var connectionString = database.ConnectionString;
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var clock = time.ToClockForTests();
        await using var viewSource = NpgsqlDataSource.Create(connectionString);
        var view = new PostgreSqlIncidentStore(viewSource, new PostgreSqlStoreOptions { Schema = "notify", TestClock = clock });
        await view.MigrateAsync(Token);
        var pager = new RecordingChannel("pager");
        Action<IncidentKitBuilder> useStore = b => b.UsePostgreSql(connectionString, o => { o.Schema = "notify"; o.TestClock = clock; });

        await using var a = await NotificationHost.StartAsync(time, useStore, b => b.AddNotificationChannel(_ => pager), name: "a");
        await using var b = await NotificationHost.StartAsync(time, useStore, b => b.AddNotificationChannel(_ => pager), name: "b");
        var incident = await a.OpenP1Async();
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(15), a, b);
        await b.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, now) => i.Acknowledge(now, NotificationHost.Bob), Token);
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15), a, b);

        var delivered = pager.Delivered;
        Assert.Equal([Recipient.ForUser(NotificationHost.Alice), Recipient.ForUser(NotificationHost.Bob)],
            delivered.Where(m => m.EventKind == "escalation-step-fired").Select(m => m.Recipients.Single()));
        Assert.Equal(["opened", "acknowledged"], delivered.Where(m => m.Recipients.Contains(NotificationHost.Stakeholders)
            && m.EventKind is "opened" or "acknowledged").Select(m => m.EventKind));
        Assert.All(pager.Arrivals, arrival => Assert.Equal(1, arrival.Value));
        Assert.Empty(await view.ListOutboxAsync(TenantId.Default, 100, Token));
    }
}
