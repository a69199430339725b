using IncidentKit.PostgreSql;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Hosting.Tests.Worker;

// A store that outlives one host, for drills that stop a host and start another on the same data: one in-memory store shared
// by both, a SQLite file, or a PostgreSQL database whose clock is the test's (TestClock), so that downtime can pass at once.
internal sealed class MisfireStore : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private MisfireStore(Action<IncidentKitBuilder> use, Func<ValueTask> dispose) => (Use, _dispose) = (use, dispose);

    public Action<IncidentKitBuilder> Use { get; }

    public static async Task<MisfireStore> CreateAsync(string kind, FakeTimeProvider time)
    {
        switch (kind)
        {
            case "memory":
                var memory = new InMemoryIncidentStore(time.ToClockForTests());
                return new MisfireStore(b => b.UseStore(_ => memory), () => ValueTask.CompletedTask);
            case "sqlite":
                var directory = Directory.CreateTempSubdirectory("incidentkit-misfire-").FullName;
                var path = Path.Combine(directory, "incidents.db");
                return new MisfireStore(b => b.UseSqlite($"Data Source={path}"), () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, recursive: true);
                    return ValueTask.CompletedTask;
                });
            case "postgresql":
                var database = await PostgreSqlTestDatabase.CreateAsync("misfire", TestContext.Current.CancellationToken);
                var clock = time.ToClockForTests();
                return new MisfireStore(b => b.UsePostgreSql(database.ConnectionString, o => { o.Schema = "misfire"; o.TestClock = clock; }), database.DisposeAsync);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected memory, sqlite or postgresql.");
        }
    }

    public ValueTask DisposeAsync() => _dispose();
}
