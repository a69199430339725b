using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IncidentKit.PostgreSql;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.Benchmarks.Storage;

// Claiming 100 due items out of 10 000 (goal <= 5 ms). Each invocation first lets the previous leases expire (fake clock), so
// the same due items are claimed again and the table stays the same size. SQLite claims are durable commits (one fsync);
// the tmpfs variant shows the cost without the disk. PostgreSQL runs only when INCIDENTKIT_POSTGRES is set.
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class DueWorkClaimBenchmarks
{
    private const int DueItems = 10_000;
    private const int Claimed = 100;
    private static readonly Duration Lease = Duration.FromSeconds(30);

    private readonly List<Action> _cleanup = [];
    private BenchClock _clock = null!;
    private SqliteIncidentStore _sqlite = null!;
    private SqliteIncidentStore _sqliteTmpfs = null!;
    private PostgreSqlIncidentStore? _postgres;

    [GlobalSetup]
    public async Task Setup()
    {
        _clock = StorageBench.NewClock();
        _sqlite = await SeedSqliteAsync(Path.GetTempPath());
        _sqliteTmpfs = await SeedSqliteAsync(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
        if (Environment.GetEnvironmentVariable(StorageBench.PostgresVariable) is { Length: > 0 } connectionString)
        {
            var dataSource = NpgsqlDataSource.Create(connectionString);
            var schema = $"bench_{Guid.NewGuid():N}";
            _postgres = new PostgreSqlIncidentStore(dataSource, new PostgreSqlStoreOptions { Schema = schema, TestClock = _clock });
            await SeedAsync(_postgres);
            _cleanup.Add(() =>
            {
                using var drop = dataSource.CreateCommand($"DROP SCHEMA {schema} CASCADE;");
                drop.ExecuteNonQuery();
                dataSource.Dispose();
            });
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _cleanup.ForEach(c => c());

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<ClaimedDueWork>> Sqlite_Claim100() => ClaimAsync(_sqlite);

    [Benchmark]
    public Task<IReadOnlyList<ClaimedDueWork>> SqliteOnTmpfs_Claim100() => ClaimAsync(_sqliteTmpfs);

    [Benchmark]
    public Task<IReadOnlyList<ClaimedDueWork>> PostgreSql_Claim100() =>
        ClaimAsync(_postgres ?? throw new InvalidOperationException($"Set {StorageBench.PostgresVariable} to benchmark PostgreSQL."));

    private async Task<IReadOnlyList<ClaimedDueWork>> ClaimAsync(IDueWorkStore store)
    {
        _clock.Advance(Lease + Duration.FromSeconds(1));
        return await store.ClaimDueAsync("bench", Lease, Claimed);
    }

    private async Task<SqliteIncidentStore> SeedSqliteAsync(string root)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, $"incidentkit-bench-{Guid.NewGuid():N}")).FullName;
        var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(directory, "claims.db")}" }, _clock);
        await SeedAsync(store);
        _cleanup.Add(() =>
        {
            store.Dispose();
            Directory.Delete(directory, recursive: true);
        });
        return store;
    }

    private async Task SeedAsync<TStore>(TStore store) where TStore : IIncidentStore, IDueWorkStore
    {
        var at = _clock.GetCurrentInstant();
        var seeded = 0;
        // Many concurrent writers, so that seeding shares commits instead of paying one fsync per incident.
        await Parallel.ForEachAsync(Enumerable.Range(0, DueItems / 100), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (_, _) =>
            await StorageBench.OpenIncidentsAsync(store, _clock, 100, i => new DueWork(at - Duration.FromSeconds(Interlocked.Increment(ref seeded) % 3600), DueWorkKind.SlaThreshold)));
        await StorageBench.VerifyClaimAsync(store, _clock, Lease, Claimed);
    }
}
