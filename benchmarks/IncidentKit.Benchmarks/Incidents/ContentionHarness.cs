using System.Diagnostics;
using System.Globalization;
using IncidentKit.Benchmarks.Storage;
using IncidentKit.Incidents;
using IncidentKit.PostgreSql;
using IncidentKit.Prioritization;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.Benchmarks.Incidents;

// Issue 15 §3: how IncidentService's conflict retry behaves when many writers work one incident. Not a BenchmarkDotNet class:
// it counts give-ups, attempts and conflicts, which a timing harness cannot. Bounded (8 writers × 200 commands per store and
// strategy, a few seconds each). Run: dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -- contention
// [writers] [commands]; PostgreSQL runs too when INCIDENTKIT_POSTGRES is set.
//   "before": the retry of the previous IncidentService, reproduced here: a full reload and an immediate retry, 10 attempts.
//   "after":  IncidentService at its default settings (jittered backoff, incremental reads, a 10 s budget).
internal static class ContentionHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var writers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var commands = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        Console.WriteLine($"{writers} writers × {commands} work notes on ONE incident, each writer sequential.");
        Console.WriteLine();
        Console.WriteLine("| Store | Retry | Commands | Given up | Attempts / command | Conflicts | Events read | Throughput | Wall time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");

        var folder = Path.Combine(Path.GetTempPath(), "incidentkit-contention-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var strategy in new[] { "before", "after" })
            {
                var clock = StorageBench.NewClock();
                using var sqlite = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(folder, strategy + ".db")}" }, clock);
                await RunOneAsync("SQLite", strategy, sqlite, clock, writers, commands);
            }

            var connectionString = Environment.GetEnvironmentVariable(StorageBench.PostgresVariable);
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                foreach (var strategy in new[] { "before", "after" })
                {
                    var schema = $"bench_{Guid.NewGuid():N}";
                    var clock = StorageBench.NewClock();
                    try
                    {
                        await RunOneAsync("PostgreSQL", strategy, new PostgreSqlIncidentStore(dataSource, new PostgreSqlStoreOptions { Schema = schema }), clock, writers, commands);
                    }
                    finally
                    {
                        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE;");
                        await drop.ExecuteNonQueryAsync();
                    }
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task RunOneAsync(string storeName, string strategy, IIncidentStore inner, BenchClock clock, int writers, int commands)
    {
        var store = new MeasuringStore(inner);
        var service = new IncidentService(store, clock);
        var actor = new UserId("bench");
        var incident = await service.OpenAsync(new TenantId("bench"), new NewIncident { Title = "Contention", Impact = new Impact(2), Urgency = new Urgency(2) }, actor);
        store.Reset();
        var gaveUp = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < commands; n++)
            {
                try
                {
                    var note = $"writer {w} note {n}";
                    if (strategy == "before")
                    {
                        await PreviousRetryAsync(service, store, incident, i => i.AddWorkNote(note, clock.GetCurrentInstant(), actor));
                    }
                    else
                    {
                        await service.ExecuteAsync(incident.Tenant, incident.Id, (i, at) => i.AddWorkNote(note, at, actor));
                    }
                }
                catch (IncidentConcurrencyException)
                {
                    Interlocked.Increment(ref gaveUp);
                }
            }
        })));
        watch.Stop();

        var total = writers * commands;
        var stored = await inner.ReadAsync(incident.Tenant, incident.Id);
        if (stored.Version != 1 + total - gaveUp)
        {
            throw new InvalidOperationException($"Expected {1 + total - gaveUp} events, found {stored.Version}.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {storeName} | {strategy} | {total} | **{gaveUp}** ({100.0 * gaveUp / total:0.0} %) | {(double)store.Appends / total:0.00} | {store.Conflicts} | {store.EventsRead:N0} | {(total - gaveUp) / watch.Elapsed.TotalSeconds:N0}/s | {watch.Elapsed.TotalSeconds:0.0} s |"));
    }

    // The retry IncidentService had before issue 15: reload the whole stream and retry at once, at most 10 attempts.
    private static async Task PreviousRetryAsync(IncidentService service, IIncidentStore store, Incident opened, Action<Incident> decide)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = (await service.FindOrNullAsync(opened.Tenant, opened.Id))!;
            decide(incident);
            try
            {
                await store.AppendAsync(IncidentChange.For(incident));
                return;
            }
            catch (IncidentConcurrencyException) when (attempt < 10)
            {
            }
        }
    }

    private sealed class MeasuringStore(IIncidentStore inner) : IIncidentStore
    {
        private long _appends;
        private long _conflicts;
        private long _eventsRead;

        public long Appends => Interlocked.Read(ref _appends);

        public long Conflicts => Interlocked.Read(ref _conflicts);

        public long EventsRead => Interlocked.Read(ref _eventsRead);

        public void Reset() => (_appends, _conflicts, _eventsRead) = (0, 0, 0);

        public async ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
        {
            var history = await inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);
            Interlocked.Add(ref _eventsRead, history.Events.Count);
            return history;
        }

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public async ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _appends);
            try
            {
                return await inner.AppendAsync(change, cancellationToken);
            }
            catch (IncidentConcurrencyException)
            {
                Interlocked.Increment(ref _conflicts);
                throw;
            }
        }
    }
}
