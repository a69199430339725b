using IncidentKit.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IncidentKit.Hosting.Tests.Worker;

// The three-node scenario against one real PostgreSQL database: each node has its own host, data source and store instance,
// as separate processes would. The database clock is a fake shared by the stores (their TestClock) so that time can move.
public sealed class PostgreSqlMultiWorkerTests
{
    [Fact]
    public async Task ThreeWorkersOnOneDatabase_OneKilledMidSweepAndClocksSkewed_RecordEveryThresholdExactlyOnce()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("hosting", TestContext.Current.CancellationToken);
        var connectionString = database.ConnectionString;
        var databaseTime = new FakeTimeProvider(WorkerHarness.Start);
        var databaseClock = databaseTime.ToClockForTests();
        await using var viewSource = NpgsqlDataSource.Create(connectionString);
        var view = new PostgreSqlIncidentStore(viewSource, new PostgreSqlStoreOptions { Schema = "nodes", TestClock = databaseClock });
        await view.MigrateAsync(TestContext.Current.CancellationToken);

        await MultiWorkerTests.RunThreeWorkersAsync(databaseTime, view,
            _ => b => b.UsePostgreSql(connectionString, o => { o.Schema = "nodes"; o.TestClock = databaseClock; }));
    }
}
