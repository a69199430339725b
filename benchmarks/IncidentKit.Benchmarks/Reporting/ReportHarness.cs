using System.Diagnostics;
using System.Globalization;
using IncidentKit.Reporting;
using IncidentKit.Samples.Console;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Benchmarks.Reporting;

// A bounded run, not BenchmarkDotNet: a report over N incidents × 20 events, from the in-memory store and from SQLite, three
// timed runs each after warm-up (about 200 000 histories' worth). Histories are the console sample's synthetic quarter,
// scaled. SQLite is bulk-filled (Fill: staged, then copied in key order; the store's own append path would take hours at 1M),
// then read through the store's indexed ReadActiveAsync exactly as a report does. One command per point:
//   dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -- report 100000 memory
//   dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -- report 100000 sqlite
//   dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -- report 1000000 sqlite db=/tmp/r1m.db   # keeps the 8 GiB file
// Each row gives wall time (load-sensitive), process CPU time and bytes allocated per run (load-insensitive), the resident set
// before the runs (the store itself, for the in-memory one) and the peak resident set during them: Linux's VmHWM, reset
// through /proc/self/clear_refs just before the first timed run, so it is the report's peak, not the fill's.
// Extra words: "read" times the store's read alone (histories enumerated, nothing folded), "read fold" adds the incident fold
// without the metric accumulators, "profile" makes 30 timed runs instead of 3.
internal static class ReportHarness
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly Instant From = Instant.FromUtc(2026, 1, 5, 0, 0);
    private static readonly Instant To = Instant.FromUtc(2026, 4, 6, 0, 0);
    private static readonly string[] StreamParameters = ["$t", "$i", "$v", "$s", "$p", "$o", "$summary", "$settled"];
    private static readonly string[] EventParameters = ["$t", "$i", "$v", "$id", "$data"];
    private static bool s_foldOnly;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Skip(1).Where(a => int.TryParse(a, out _)).Select(int.Parse).DefaultIfEmpty(10_000).ToArray();
        var which = args.Skip(1).FirstOrDefault(a => a is "memory" or "sqlite");
        var readOnly = args.Contains("read");

        // "db=PATH" keeps the SQLite file at PATH (filled once, reused by later runs of the same size), for repeated experiments;
        // "fill" only fills it.
        var keep = args.FirstOrDefault(a => a.StartsWith("db=", StringComparison.Ordinal))?[3..];
        s_foldOnly = args.Contains("fold");
        var options = new IncidentMetricsOptions
        {
            Tenant = Tenant,
            Period = new Interval(From, To),
            Zone = Zone,
            Calendar = IncidentKit.Calendars.BusinessCalendar.FromJson("""{ "timeZone": "Europe/London", "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"], "wednesday": ["09:00-17:30"], "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] } }"""),
        };

        if (args.Contains("options"))
        {
            // SQLite's compile-time options (TEMP_STORE decides where the reporting query's sorted key list lives).
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version() UNION ALL SELECT * FROM pragma_compile_options;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                Console.WriteLine(reader.GetString(0));
            }

            return 0;
        }

        if (args.Contains("deser"))
        {
            var jsons = SyntheticIncidents.Generate(Tenant, From, To - Duration.FromDays(1), 10_000, seed: 7, Zone, eventsPerIncident: 20)
                .SelectMany(h => h).Select(e => System.Text.Encoding.UTF8.GetBytes(IncidentEventSerializer.Serialize(e))).ToArray();
            Console.WriteLine(System.Text.Encoding.UTF8.GetString(jsons[0]));
            Console.WriteLine(System.Text.Encoding.UTF8.GetString(jsons[5]));
            for (var r = 0; r < 12; r++)
            {
                var general = r % 2 == 1;
                using var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var alloc = GC.GetTotalAllocatedBytes(true);
                long n = 0;
                foreach (var j in jsons)
                {
                    n += (general ? IncidentEventSerializer.DeserializePolymorphic(j) : IncidentEventSerializer.Deserialize(j)).At.ToUnixTimeTicks() & 1;
                }

                process.Refresh();
                Console.WriteLine($"deser {(general ? "general" : "fast")}: cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds:0} ms, alloc {(GC.GetTotalAllocatedBytes(true) - alloc) / 1048576} MiB ({n}) for {jsons.Length}");
            }

            return 0;
        }

        Console.WriteLine($"Report harness on {Environment.ProcessorCount} cores, load {LoadAverage()}; sizes {string.Join(", ", sizes)}{(readOnly ? " (read only)" : "")}");
        Console.WriteLine("| Store | Incidents | Events | Wall runs (ms) | Best wall | CPU per run (ms) | Allocated per run | RSS before | Peak RSS during runs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            if (which is null or "memory")
            {
                var store = new InMemoryIncidentStore();
                foreach (var history in SyntheticIncidents.Generate(Tenant, From, To - Duration.FromDays(1), size, seed: 7, Zone, eventsPerIncident: 20))
                {
                    await store.AppendAsync(SyntheticIncidents.ChangeFor(history));
                }

                await MeasureAsync("memory", size, store, options, readOnly, args);
            }

            if (which is null or "sqlite")
            {
                var directory = Directory.CreateTempSubdirectory("incidentkit-report-bench-").FullName;
                try
                {
                    var path = keep ?? Path.Combine(directory, "report.db");
                    if (!File.Exists(path))
                    {
                        var fill = Stopwatch.StartNew();
                        Fill(path, size);
                        Console.Error.WriteLine($"  (SQLite filled with {size} incidents in {fill.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1048576} MiB)");
                    }

                    if (args.Contains("fill"))
                    {
                        continue;
                    }

                    using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, SystemClock.Instance);
                    await store.MigrateAsync();
                    if (args.Contains("raw"))
                    {
                        Raw(path, options);
                    }

                    await MeasureAsync("SQLite", size, store, options, readOnly, args);
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        return 0;
    }

    private static async Task<(long Histories, long Events)> RunOnceAsync(IIncidentReader store, IncidentMetricsOptions options, bool readOnly)
    {
        if (!readOnly)
        {
            var report = await IncidentMetrics.ReadAndComputeAsync(store, options);
            return (report.HistoriesRead, report.EventsRead);
        }

        long histories = 0, events = 0;
        var fold = new IncidentFold();
        await foreach (var history in store.ReadActiveAsync(options.Tenant, options.Period))
        {
            histories++;
            events += history.Events.Count;
            if (s_foldOnly)
            {
                fold.Fold(history.Events);
            }
        }

        return (histories, events);
    }

    private static async Task MeasureAsync(string name, int size, IIncidentReader store, IncidentMetricsOptions options, bool readOnly, string[] args)
    {
        var (histories, events) = await RunOnceAsync(store, options, readOnly);
        if (histories != size)
        {
            throw new InvalidOperationException($"{name}: read {histories} histories, expected {size}.");
        }

        // Tiered compilation needs a few hundred thousand histories before the fold runs optimised code: warm up on about that
        // many, so small sizes are timed at steady state as large ones are.
        for (var i = 1; i < Math.Clamp(200_000 / size, 1, 20); i++)
        {
            _ = await RunOnceAsync(store, options, readOnly);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var rssBefore = Status("VmRSS");
        ResetPeak();
        var runs = new List<double>();
        var cpu = new List<double>();
        var allocated = new List<long>();
        using var process = Process.GetCurrentProcess();
        var count = args.Contains("profile") ? 30 : 3;
        for (var i = 0; i < count; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            _ = await RunOnceAsync(store, options, readOnly);
            runs.Add(watch.Elapsed.TotalMilliseconds);
            allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        var peak = Status("VmHWM");
        Console.WriteLine(FormattableString.Invariant(
            $"| {name}{(readOnly ? " (read only)" : "")} | {size:N0} | {events:N0} | {Join(runs)} | **{runs.Min():0} ms** | {Join(cpu)} | {allocated.Min() / 1048576.0:0} MiB | {rssBefore / 1024} MiB | **{peak / 1024} MiB** |"));
    }

    private static void Raw(string path, IncidentMetricsOptions options)
    {
        foreach (var mode in new[] { 0, 1, 2, 3, 0, 1, 2, 3 })
        {
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var alloc = GC.GetTotalAllocatedBytes(true);
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteIncidentStore.ActiveQuery;
            command.Parameters.AddWithValue("$tenant", options.Tenant.Value);
            command.Parameters.AddWithValue("$start", options.Period.Start.ToUnixTimeTicks());
            command.Parameters.AddWithValue("$end", options.Period.End.ToUnixTimeTicks());
            using var reader = command.ExecuteReader();
            long n = 0;
            var buffer = new byte[4096];
            while (reader.Read())
            {
                switch (mode)
                {
                    case 1:
                        n += reader.GetString(1).Length;
                        break;
                    case 2:
                        n += IncidentEventSerializer.Deserialize(reader.GetString(1)).At.ToUnixTimeTicks() & 1;
                        break;
                    case 3:
                        var length = (int)reader.GetBytes(1, 0, buffer, 0, buffer.Length);
                        n += IncidentEventSerializer.Deserialize(buffer.AsSpan(0, length)).At.ToUnixTimeTicks() & 1;
                        break;
                    default:
                        n++;
                        break;
                }
            }

            process.Refresh();
            Console.WriteLine($"raw mode {mode}: cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds:0} ms, alloc {(GC.GetTotalAllocatedBytes(true) - alloc) / 1048576} MiB ({n})");
        }
    }

    private static string Join(List<double> values) => string.Join(" / ", values.Select(r => r.ToString("0", CultureInfo.InvariantCulture)));

    // Linux: writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // A /proc/self/status field in KiB (0 where there is no /proc).
    private static long Status(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return 0;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // Bulk fill, fast enough for 1M incidents × 20 events: the schema comes from the store's migrations, then rows are appended in
    // generation order to rowid tables of a staging database (no index, no journal), and copied into the store's tables sorted
    // by key, so that SQLite builds their B-trees by appending rather than by 20 M random inserts; the staging file is deleted.
    // The columns are those the store's append writes (settled_at included); no hash chain. Rows are the same as before.
    private static void Fill(string path, int size)
    {
        var stage = path + ".stage";
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            SqliteSchema.Migrate(connection, SystemClock.Instance.GetCurrentInstant());
            SqliteSchema.Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");
            SqliteSchema.Execute(connection, $"ATTACH DATABASE '{stage}' AS stage; PRAGMA stage.journal_mode = OFF; PRAGMA stage.synchronous = OFF;");
            SqliteSchema.Execute(connection, """
                CREATE TABLE stage.streams (incident TEXT, version INTEGER, state INTEGER, priority INTEGER, opened_at INTEGER, summary TEXT, settled_at INTEGER);
                CREATE TABLE stage.events (incident TEXT, version INTEGER, event_id TEXT, data TEXT);
                """);
            using (var transaction = connection.BeginTransaction())
            {
                using var stream = connection.CreateCommand();
                stream.CommandText = "INSERT INTO stage.streams VALUES ($i, $v, $s, $p, $o, $summary, $settled);";
                var sp = StreamParameters.Skip(1).Select(n => stream.Parameters.Add(n, SqliteType.Text)).ToArray();
                using var events = connection.CreateCommand();
                events.CommandText = "INSERT INTO stage.events VALUES ($i, $v, $id, $data);";
                var ep = EventParameters.Skip(1).Select(n => events.Parameters.Add(n, SqliteType.Text)).ToArray();
                foreach (var history in SyntheticIncidents.Generate(Tenant, From, To - Duration.FromDays(1), size, seed: 7, Zone, eventsPerIncident: 20))
                {
                    var change = SyntheticIncidents.ChangeFor(history);
                    var summary = change.Summary;
                    var key = change.Incident.Value.ToString("N");
                    object[] values = [key, summary.Version, (int)summary.State, summary.Priority.Level, summary.OpenedAt.ToUnixTimeTicks(),
                        IncidentSummarySerializer.Serialize(summary), IncidentActivity.SettledAt(summary)?.ToUnixTimeTicks() ?? long.MaxValue];
                    for (var i = 0; i < values.Length; i++)
                    {
                        sp[i].Value = values[i];
                    }

                    stream.ExecuteNonQuery();
                    for (var v = 0; v < history.Count; v++)
                    {
                        ep[0].Value = key;
                        ep[1].Value = v + 1;
                        ep[2].Value = history[v].EventId.ToString();
                        ep[3].Value = IncidentEventSerializer.Serialize(history[v]);
                        events.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
            }

            using (var transaction = connection.BeginTransaction())
            {
                SqliteSchema.Execute(connection, $"""
                    INSERT INTO main.streams (tenant, incident, version, state, priority, assignee, category_key, opened_at, summary, settled_at)
                        SELECT '{Tenant.Value}', incident, version, state, priority, NULL, NULL, opened_at, summary, settled_at FROM stage.streams ORDER BY incident;
                    INSERT INTO main.events (tenant, incident, version, event_id, data)
                        SELECT '{Tenant.Value}', incident, version, event_id, data FROM stage.events ORDER BY incident, version;
                    """);
                transaction.Commit();
            }

            SqliteSchema.Execute(connection, "DETACH DATABASE stage; PRAGMA journal_mode = WAL;");
        }

        File.Delete(stage);
    }
}
