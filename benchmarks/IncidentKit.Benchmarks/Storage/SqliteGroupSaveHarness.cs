using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using IncidentKit.Alerts;
using IncidentKit.Sqlite;

namespace IncidentKit.Benchmarks.Storage;

// A bounded run, not BenchmarkDotNet (issue 13 §6, alert group entries): what one alert group's save and read cost the SQLite
// store, a storm group of 2 000 alerts of ~250 bytes saved the old way (its whole state, ~500 KB of JSON, one text) against the
// new (a small state and the entries that changed, one row each). One command, a minute or two:
//   dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -f net10.0 -- group-save [rounds=5] [saves=40]
// Variants run in alternating rounds, so a noisy neighbour slows all of them alike; each row gives the median over rounds of,
// per save (or read): wall time, process CPU time (the calling thread, the writer and the store's background checkpoints),
// bytes allocated, and how long the save's transaction held SQLite's write lock (the store's own
// incidentkit.sqlite.transaction.duration, BEGIN to the end of COMMIT with its fsync: what every inbox receipt queued behind the
// save waits for). Saves are sequential, so each is a transaction of its own. CPU, allocation and the lock's hold are the
// load-insensitive columns; the wall time is inflated on a shared machine.
internal static class SqliteGroupSaveHarness
{
    private const int Alerts = 2000;
    private static readonly TenantId Tenant = new("acme");

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Argument(args, "rounds=", 5);
        var saves = Argument(args, "saves=", 40);
        var directory = Directory.CreateTempSubdirectory("incidentkit-group-save-").FullName;
        var held = new ConcurrentQueue<double>();
        using var listener = Listen(held);
        try
        {
            var clock = StorageBench.NewClock();
            using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(directory, "bench.db")}" }, clock);
            var variants = new Variant[]
            {
                await WholeStateAsync(store),
                await EntriesAsync(store, "entries: 500 of 2 000 changed", 500),
                await EntriesAsync(store, "entries: 100 of 2 000 changed", 100),
                await EntriesAsync(store, "entries: 50 of 2 000 changed (a storm round's, 100 000 alerts in 50 groups)", 50),
                await ReadAsync(store, "read: whole state of 2 000 alerts", "whole"),
                await ReadAsync(store, "read: 2 000 entries", "entries-500"),
            };
            var results = variants.ToDictionary(v => v.Name, _ => new List<Figures>());
            for (var round = 0; round <= rounds; round++)
            {
                foreach (var variant in variants)
                {
                    var figures = await MeasureAsync(variant, saves, held);
                    if (round > 0)
                    {
                        results[variant.Name].Add(figures); // round 0 warms up
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SQLite group save and read, {Alerts} alerts per group, medians of {rounds} rounds x {saves} operations each"));
            Console.WriteLine("| Operation | Wall per op | CPU per op | Allocated per op | Write lock held per save (median of rounds' p50 / p99) |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, list) in results)
            {
                var lockColumn = list.All(f => f.HeldP50 is null)
                    ? "–"
                    : string.Create(CultureInfo.InvariantCulture, $"{Median(list, f => f.HeldP50!.Value):F2} / {Median(list, f => f.HeldP99!.Value):F2} ms");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {Median(list, f => f.WallMs):F2} ms | {Median(list, f => f.CpuMs):F2} ms | {Median(list, f => f.AllocatedKiB):F0} KiB | {lockColumn} |"));
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // The old way: the group's state lists every alert, so each save writes all of it. Ten texts of one length are built up
    // front and taken in turn, so that each save writes a text other than the stored one and the harness times the store alone.
    private static async Task<Variant> WholeStateAsync(SqliteIncidentStore store)
    {
        var states = Enumerable.Range(0, 10).Select(n => "{\"incident\":\"0b4c6f0e\",\"alerts\":{"
            + string.Join(',', Enumerable.Range(0, Alerts).Select(i => $"\"{Key(i)}\":{Entry(i, n)}")) + "}}").ToArray();
        var version = 0L;
        await SaveAsync(store, new AlertGroupRecord(Tenant, "whole", ++version, states[0], null), version - 1);
        return new Variant($"save: whole state ({states[0].Length / 1024} KB text)", n =>
        {
            var group = new AlertGroupRecord(Tenant, "whole", ++version, states[n % 10], null);
            return () => SaveAsync(store, group, group.Version - 1);
        }, IsSave: true);
    }

    // The new way: the group holds 2 000 entries; each save carries the `changed` entries of a round, spread over the group as
    // fingerprints are (random), and a state without the alerts.
    private static async Task<Variant> EntriesAsync(SqliteIncidentStore store, string name, int changed)
    {
        var group = $"entries-{changed}";
        var version = 0L;
        var all = Enumerable.Range(0, Alerts).ToDictionary(Key, i => Entry(i, 0), StringComparer.Ordinal);
        await SaveAsync(store, new AlertGroupRecord(Tenant, group, ++version, SmallState(0), null) { Entries = all }, version - 1);
        var random = new Random(13);
        return new Variant(name, n =>
        {
            var entries = new Dictionary<string, string>(changed, StringComparer.Ordinal);
            while (entries.Count < changed)
            {
                var i = random.Next(Alerts);
                entries[Key(i)] = Entry(i, n);
            }

            var next = new AlertGroupRecord(Tenant, group, ++version, SmallState(n), null) { Entries = entries };
            return () => SaveAsync(store, next, next.Version - 1);
        }, IsSave: true);
    }

    private static Task<Variant> ReadAsync(SqliteIncidentStore store, string name, string group) =>
        Task.FromResult(new Variant(name, _ => async () =>
        {
            var read = await store.FindGroupOrNullAsync(Tenant, group);
            if (read is null || (read.Entries.Count != Alerts && read.State.Length < 100_000))
            {
                throw new InvalidOperationException($"The group {group} was read back without its alerts.");
            }
        }, IsSave: false));

    private static async Task<Figures> MeasureAsync(Variant variant, int operations, ConcurrentQueue<double> held)
    {
        // The inputs are built first (the processor's work, not the store's), then the operations are timed.
        var runs = Enumerable.Range(1, operations).Select(variant.Prepare).ToList();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        held.Clear();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        foreach (var run in runs)
        {
            await run();
        }

        wall.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds / operations;
        var allocatedKiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / operations;
        var transactions = held.Select(s => s * 1000).Order().ToList();
        if (variant.IsSave && transactions.Count != operations)
        {
            throw new InvalidOperationException($"{transactions.Count} transactions for {operations} saves.");
        }

        return new Figures(wall.Elapsed.TotalMilliseconds / operations, cpuMs, allocatedKiB,
            variant.IsSave ? transactions[transactions.Count / 2] : null,
            variant.IsSave ? transactions[(int)Math.Ceiling(transactions.Count * 0.99) - 1] : null);
    }

    private static async Task SaveAsync(SqliteIncidentStore store, AlertGroupRecord group, long expected)
    {
        if (!await store.SaveGroupAsync(group, expected))
        {
            throw new InvalidOperationException($"The save of {group.GroupKey} v{group.Version} was refused.");
        }
    }

    private static MeterListener Listen(ConcurrentQueue<double> held)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteIncidentStore.MeterName && instrument.Name == SqliteIncidentStore.TransactionDurationName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => held.Enqueue(seconds));
        listener.Start();
        return listener;
    }

    // An alert's entry as a storm writes it: ~250 bytes of JSON.
    private static string Entry(int i, int n) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"status":"firing","startsAt":"2026-12-07T10:00:00Z","lastSeenAt":"2026-12-07T10:{{n % 60:D2}}:00Z","occurrences":{{n}},"labels":{"alertname":"ApiDown","instance":"web-{{i:D4}}.prod.example","job":"api","severity":"critical"},"summary":"API is down on web-{{i:D4}}"}""");

    // A fingerprint: 16 hex digits, so keys fall all over the group's range as real ones do.
    private static string Key(int i) => ((ulong)i * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture);

    private static string SmallState(int n) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"incident":"0b4c6f0e","firing":2000,"resolved":0,"flapping":false,"changes":[{{n}}],"lastChangeAt":"2026-12-07T10:00:00Z"}""");

    private static int Argument(string[] args, string prefix, int fallback) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } a ? int.Parse(a[prefix.Length..], CultureInfo.InvariantCulture) : fallback;

    private static double Median(List<Figures> list, Func<Figures, double> of)
    {
        var sorted = list.Select(of).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed record Variant(string Name, Func<int, Func<Task>> Prepare, bool IsSave);

    private sealed record Figures(double WallMs, double CpuMs, double AllocatedKiB, double? HeldP50, double? HeldP99);
}
