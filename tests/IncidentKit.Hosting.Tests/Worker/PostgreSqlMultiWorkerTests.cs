using IncidentKit.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IncidentKit.Hosting.Tests.Worker;

// The three-node scenario against one real PostgreSQL database: each node has its own host, data source and store instance,
// as separate processes would. The database clock is a fake shared by the stores (their TestClock) so that time can move.
public sealed class PostgreSqlMultiWorkerTests
{
    private const string Variable = "INCIDENTKIT_POSTGRES";

    [Fact]
    public async Task ThreeWorkersOnOneDatabase_OneKilledMidSweepAndClocksSkewed_RecordEveryThresholdExactlyOnce()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var message = $"The PostgreSQL worker test needs a server: set {Variable} (e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres').";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI must run the PostgreSQL tests against a real server. " + message);
            }

            Assert.Skip(message);
        }

        var database = $"incidentkit_hosting_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database};", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 20 }.ToString();
        try
        {
            var databaseTime = new FakeTimeProvider(WorkerHarness.Start);
            var databaseClock = databaseTime.ToClockForTests();
            await using var viewSource = NpgsqlDataSource.Create(connectionString);
            var view = new PostgreSqlIncidentStore(viewSource, new PostgreSqlStoreOptions { Schema = "nodes", TestClock = databaseClock });
            await view.MigrateAsync(TestContext.Current.CancellationToken);

            await MultiWorkerTests.RunThreeWorkersAsync(databaseTime, view,
                _ => b => b.UsePostgreSql(connectionString, o => { o.Schema = "nodes"; o.TestClock = databaseClock; }));
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
