using System.Diagnostics;
using IncidentKit.Reporting;
using IncidentKit.Samples.Console;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Benchmarks.Reporting;

// A bounded run, not BenchmarkDotNet: a report over N incidents × 20 events, from the in-memory store and from SQLite, three
// timed runs each after one warm-up, with the process's peak working set. Histories are the console sample's synthetic
// quarter, scaled. SQLite is filled by bulk insert in one transaction (the store's own append path would take minutes here),
// then read through the store's indexed ReadActiveAsync exactly as a report does.
//   dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -- report 10000 100000 [memory|sqlite]
internal static class ReportHarness
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly Instant From = Instant.FromUtc(2026, 1, 5, 0, 0);
    private static readonly Instant To = Instant.FromUtc(2026, 4, 6, 0, 0);
    private static readonly string[] StreamParameters = ["$t", "$i", "$v", "$s", "$p", "$o", "$summary", "$settled"];
    private static readonly string[] EventParameters = ["$t", "$i", "$v", "$id", "$data"];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Skip(1).Where(a => int.TryParse(a, out _)).Select(int.Parse).DefaultIfEmpty(10_000).ToArray();
        var which = args.Skip(1).FirstOrDefault(a => a is "memory" or "sqlite");
        var options = new IncidentMetricsOptions
        {
            Tenant = Tenant,
            Period = new Interval(From, To),
            Zone = Zone,
            Calendar = IncidentKit.Calendars.BusinessCalendar.FromJson("""{ "timeZone": "Europe/London", "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"], "wednesday": ["09:00-17:30"], "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] } }"""),
        };

        Console.WriteLine($"Report harness on {Environment.ProcessorCount} cores; sizes {string.Join(", ", sizes)}");
        Console.WriteLine("| Store | Incidents | Events | Runs (ms) | Best | Peak working set |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            if (which is null or "memory")
            {
                var store = new InMemoryIncidentStore();
                foreach (var history in SyntheticIncidents.Generate(Tenant, From, To - Duration.FromDays(1), size, seed: 7, Zone, eventsPerIncident: 20))
                {
                    await store.AppendAsync(SyntheticIncidents.ChangeFor(history));
                }

                await MeasureAsync("memory", size, store, options);
            }

            if (which is null or "sqlite")
            {
                var directory = Directory.CreateTempSubdirectory("incidentkit-report-bench-").FullName;
                try
                {
                    var path = Path.Combine(directory, "report.db");
                    using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, SystemClock.Instance);
                    await store.MigrateAsync();
                    var fill = Stopwatch.StartNew();
                    Fill(path, size);
                    Console.Error.WriteLine($"  (SQLite filled with {size} incidents in {fill.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1048576} MiB)");
                    await MeasureAsync("SQLite", size, store, options);
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

    private static async Task MeasureAsync(string name, int size, IIncidentReader store, IncidentMetricsOptions options)
    {
        var report = await IncidentMetrics.ReadAndComputeAsync(store, options);
        if (report.HistoriesRead != size)
        {
            throw new InvalidOperationException($"{name}: read {report.HistoriesRead} histories, expected {size}.");
        }

        var runs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            report = await IncidentMetrics.ReadAndComputeAsync(store, options);
            runs.Add(watch.Elapsed.TotalMilliseconds);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(System.FormattableString.Invariant($"| {name} | {size:N0} | {report.EventsRead:N0} | {string.Join(" / ", runs.Select(r => r.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} | **{runs.Min():0} ms** | {process.PeakWorkingSet64 / 1048576} MiB |"));
    }

    // Bulk insert in one transaction, with the columns the store's append writes (settled_at included); no hash chain.
    private static void Fill(string path, int size)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var stream = connection.CreateCommand();
        stream.CommandText = """
            INSERT INTO streams (tenant, incident, version, state, priority, assignee, category_key, opened_at, summary, settled_at)
            VALUES ($t, $i, $v, $s, $p, NULL, NULL, $o, $summary, $settled);
            """;
        var sp = StreamParameters.Select(n => stream.Parameters.Add(n, SqliteType.Text)).ToArray();
        using var events = connection.CreateCommand();
        events.CommandText = "INSERT INTO events (tenant, incident, version, event_id, data) VALUES ($t, $i, $v, $id, $data);";
        var ep = EventParameters.Select(n => events.Parameters.Add(n, SqliteType.Text)).ToArray();
        foreach (var history in SyntheticIncidents.Generate(Tenant, From, To - Duration.FromDays(1), size, seed: 7, Zone, eventsPerIncident: 20))
        {
            var change = SyntheticIncidents.ChangeFor(history);
            var summary = change.Summary;
            var key = change.Incident.Value.ToString("N");
            object[] values = [Tenant.Value, key, summary.Version, (int)summary.State, summary.Priority.Level, summary.OpenedAt.ToUnixTimeTicks(),
                IncidentSummarySerializer.Serialize(summary), IncidentActivity.SettledAt(summary)?.ToUnixTimeTicks() ?? long.MaxValue];
            for (var i = 0; i < values.Length; i++)
            {
                sp[i].Value = values[i];
            }

            stream.ExecuteNonQuery();
            for (var v = 0; v < history.Count; v++)
            {
                ep[0].Value = Tenant.Value;
                ep[1].Value = key;
                ep[2].Value = v + 1;
                ep[3].Value = history[v].EventId.ToString();
                ep[4].Value = IncidentEventSerializer.Serialize(history[v]);
                events.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }
}
