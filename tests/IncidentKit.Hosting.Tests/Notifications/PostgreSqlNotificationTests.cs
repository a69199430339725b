using IncidentKit.Communication;
using IncidentKit.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IncidentKit.Hosting.Tests.Notifications;

// Two nodes, each with its own host, data source, worker and dispatcher, against one real PostgreSQL database.
public sealed class PostgreSqlNotificationTests
{
    private const string Variable = "INCIDENTKIT_POSTGRES";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddNotifications_TwoNodesOnOneDatabase_DeliverEachPageAndStateChangeOnce()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var message = $"The PostgreSQL notification test needs a server: set {Variable} (e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres').";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI must run the PostgreSQL tests against a real server. " + message);
            }

            Assert.Skip(message);
        }

        var database = $"incidentkit_notify_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(Token);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database};", admin);
            await create.ExecuteNonQueryAsync(Token);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 20 }.ToString();
        try
        {
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
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE);", admin);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
