using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IncidentKit.PostgreSql;
using Npgsql;

namespace IncidentKit.Benchmarks.Storage;

// PostgreSQL appends over loopback, each its own committed transaction (durable: the server's fsync setting decides; CI runs
// with fsync=on). Mean is per append (OperationsPerInvoke), so appends/s = 1e9 / mean(ns). Goal: >= 3 000 appends/s with 8
// concurrent writers. Runs only when INCIDENTKIT_POSTGRES is set; it works in a throwaway schema of that database.
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class PostgreSqlAppendBenchmarks
{
    private const int Writers = 8;
    private const int ManyWriters = 32;

    private NpgsqlDataSource _dataSource = null!;
    private string _schema = "";
    private PostgreSqlIncidentStore _store = null!;
    private BenchClock _clock = null!;
    private BenchWriter[] _incidents = [];

    [GlobalSetup]
    public async Task Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable(StorageBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Set {StorageBench.PostgresVariable} (e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres') to benchmark PostgreSQL.");
        }

        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 }.ToString());
        _schema = $"bench_{Guid.NewGuid():N}";
        _clock = StorageBench.NewClock();
        _store = new PostgreSqlIncidentStore(_dataSource, new PostgreSqlStoreOptions { Schema = _schema });
        _incidents = await StorageBench.OpenIncidentsAsync(_store, _clock, ManyWriters);
        await Appends_8ConcurrentWriters();
        await Appends_32ConcurrentWriters();
        await StorageBench.VerifyAsync(_store, _incidents);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (var drop = _dataSource.CreateCommand($"DROP SCHEMA {_schema} CASCADE;"))
        {
            drop.ExecuteNonQuery();
        }

        _dataSource.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task Append_OneWriter() => StorageBench.AppendNotesAsync(_store, _incidents[0], _clock.GetCurrentInstant(), 1);

    // 8 writers, each on its own incident, each doing 4 single-event appends back to back.
    [Benchmark(OperationsPerInvoke = Writers * 4)]
    public Task Appends_8ConcurrentWriters() => RunWritersAsync(Writers, 4);

    [Benchmark(OperationsPerInvoke = ManyWriters * 4)]
    public Task Appends_32ConcurrentWriters() => RunWritersAsync(ManyWriters, 4);

    private Task RunWritersAsync(int writers, int appendsEach) => Task.WhenAll(_incidents.Take(writers).Select(async incident =>
    {
        for (var i = 0; i < appendsEach; i++)
        {
            await StorageBench.AppendNotesAsync(_store, incident, _clock.GetCurrentInstant(), 1);
        }
    }));
}
