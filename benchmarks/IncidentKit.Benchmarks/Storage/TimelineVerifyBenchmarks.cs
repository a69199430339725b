using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IncidentKit.Sqlite;
using IncidentKit.Storage;

namespace IncidentKit.Benchmarks.Storage;

// Verifying an incident's hash chain (IIncidentTimelineVerifier.VerifyAsync) over a 10 000-event stream: read every row and
// recompute 10 000 SHA-256 links. Goal: under 50 ms. Setup checks that the stream is intact and that an edited copy is caught,
// so no verifier that always says "intact" is ever timed.
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class TimelineVerifyBenchmarks
{
    private const int Events = 10_000;

    private string _directory = "";
    private SqliteIncidentStore _sqlite = null!;
    private InMemoryIncidentStore _memory = null!;
    private BenchWriter _sqliteStream = null!;
    private BenchWriter _memoryStream = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Directory.CreateTempSubdirectory("incidentkit-bench-").FullName;
        var clock = StorageBench.NewClock();
        _sqlite = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "bench.db")}" }, clock);
        _memory = new InMemoryIncidentStore(clock);
        _sqliteStream = await FillAsync(_sqlite, clock);
        _memoryStream = await FillAsync(_memory, clock);
        foreach (var result in new[] { await VerifySqlite(), await VerifyInMemory() })
        {
            if (!result.IsIntact || result.Version != Events || result.Head is null)
            {
                throw new InvalidOperationException($"Expected an intact {Events}-event chain, got {result}.");
            }
        }

        using (var tamper = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "bench.db")};Pooling=False"))
        {
            tamper.Open();
            using var edit = tamper.CreateCommand();
            edit.CommandText = "UPDATE events SET data = replace(data, 'latency', 'LATENCY') WHERE version = 5000;";
            edit.ExecuteNonQuery();
            if ((await VerifySqlite()).FirstBreak is not { Version: 5000, Kind: TimelineBreakKind.ContentChanged })
            {
                throw new InvalidOperationException("An edited event was not caught.");
            }

            edit.CommandText = "UPDATE events SET data = replace(data, 'LATENCY', 'latency') WHERE version = 5000;";
            edit.ExecuteNonQuery();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public ValueTask<TimelineVerification> VerifySqlite() => _sqlite.VerifyAsync(_sqliteStream.Summary.Tenant, _sqliteStream.Summary.Id);

    [Benchmark]
    public ValueTask<TimelineVerification> VerifyInMemory() => _memory.VerifyAsync(_memoryStream.Summary.Tenant, _memoryStream.Summary.Id);

    // The opening plus 9 999 work notes, appended 100 at a time.
    private static async Task<BenchWriter> FillAsync(IIncidentStore store, BenchClock clock)
    {
        var writer = (await StorageBench.OpenIncidentsAsync(store, clock, 1))[0];
        while (writer.Summary.Version < Events)
        {
            await StorageBench.AppendNotesAsync(store, writer, clock.GetCurrentInstant(), (int)Math.Min(100, Events - writer.Summary.Version));
        }

        return writer;
    }
}
