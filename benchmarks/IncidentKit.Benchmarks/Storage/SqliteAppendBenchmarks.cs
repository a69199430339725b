using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IncidentKit.Sqlite;

namespace IncidentKit.Benchmarks.Storage;

// Durable SQLite appends (WAL, synchronous=FULL) on the machine's disk. Mean is per appended event (OperationsPerInvoke), so
// events/s = 1e9 / mean(ns). Goals: >= 5 000 durable single-event appends/s, >= 50 000 events/s batched.
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class SqliteAppendBenchmarks
{
    private const int Writers = 64;
    private const int BatchSize = 100;
    private const int BatchWriters = 8;

    private string _directory = "";
    private SqliteIncidentStore _store = null!;
    private BenchClock _clock = null!;
    private BenchWriter[] _incidents = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Directory.CreateTempSubdirectory("incidentkit-bench-").FullName;
        _clock = StorageBench.NewClock();
        _store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "bench.db")}" }, _clock);
        _incidents = await StorageBench.OpenIncidentsAsync(_store, _clock, Writers);
        await SingleEvent_OneWriter();
        await SingleEvent_64ConcurrentWriters();
        await Batch_100Events_OneWriter();
        await Batch_100Events_8ConcurrentWriters();
        await StorageBench.VerifyAsync(_store, _incidents);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    // One writer waits for each commit: bounded by the disk's fsync latency.
    [Benchmark(Baseline = true)]
    public Task SingleEvent_OneWriter() => StorageBench.AppendNotesAsync(_store, _incidents[0], _clock.GetCurrentInstant(), 1);

    // 64 writers append one event each at the same time; group commit makes them share fsyncs, each acknowledged only once durable.
    [Benchmark(OperationsPerInvoke = Writers)]
    public Task SingleEvent_64ConcurrentWriters() =>
        Task.WhenAll(_incidents.Select(i => StorageBench.AppendNotesAsync(_store, i, _clock.GetCurrentInstant(), 1)));

    // One append of 100 events (an import, a replay): one transaction, one fsync.
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task Batch_100Events_OneWriter() => StorageBench.AppendNotesAsync(_store, _incidents[1], _clock.GetCurrentInstant(), BatchSize);

    // 8 writers each append a 100-event batch at the same time: group commit puts the 800 events in one or two commits.
    [Benchmark(OperationsPerInvoke = BatchWriters * BatchSize)]
    public Task Batch_100Events_8ConcurrentWriters() =>
        Task.WhenAll(_incidents.Skip(2).Take(BatchWriters).Select(i => StorageBench.AppendNotesAsync(_store, i, _clock.GetCurrentInstant(), BatchSize)));
}
