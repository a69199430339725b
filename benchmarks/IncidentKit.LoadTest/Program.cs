// A bounded HTTP load generator for the web sample (issue 16 §6). For each store (SQLite, and PostgreSQL when
// INCIDENTKIT_POSTGRES is set) it measures, in one run on one machine:
//   1. the store's own group-commit rate: 64 writers appending one durable event each, straight to the store;
//   2. the same appends through IncidentService (read the stream, fold it, check the workflow, append);
//   3. the sample as a child process on 127.0.0.1: 64 HTTP clients reading GET /api/incidents (a page of 50), then
//      64 clients sending acknowledge and note commands (each answered only once durable);
//   4. the disk's own fsync rate (one writer, write + fsync), for the group-commit row to be read against;
//   5. with --alert-storm N: N alerts from 64 senders into an alert intake host (this executable, --serve-alerts), then the
//      inbox rows and incidents counted in the store (AlertStorm.cs);
// and prints req/s, p50/p99 and the CPU each process used, as Markdown rows for benchmarks/RESULTS.md.
// Bounded: every phase stops after --seconds or --max-requests, whichever comes first; loopback only.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IncidentKit;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.PostgreSql;
using IncidentKit.Prioritization;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using NodaTime;
using Npgsql;

if (args.Contains("--serve-alerts"))
{
    return await AlertStorm.ServeAsync(args);
}

if (Array.IndexOf(args, "--storm-phases") is var phasesAt and >= 0)
{
    // Where the storm's server CPU goes, phase by phase, in process and without HTTP (AlertStorm.PhasesAsync).
    var rows = await AlertStorm.PhasesAsync(int.Parse(args[phasesAt + 1], CultureInfo.InvariantCulture), 64);
    Console.WriteLine();
    Console.WriteLine("| Store | Phase | Alerts | Rate (/s) | CPU per alert | Allocated per alert | fsyncs per alert | GCs gen0/1/2 |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    rows.ToList().ForEach(Console.WriteLine);
    return 0;
}

var options = LoadOptions.Parse(args);
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"| Store | Measurement | Requests | Rate (/s) | p50 (ms) | p99 (ms) | Errors | CPU server / client (cores) | CPU per request (ms; in-process rows: this process) | PostgreSQL backends' CPU per request (ms) | Load avg |");
report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");

foreach (var store in options.Stores)
{
    Console.WriteLine($"== {store} ==");
    await using var target = await StoreTarget.CreateAsync(store, options);
    DatabaseCpu.Current = target.Database is { } database ? new DatabaseCpu(options.Postgres!, database) : null;
    if (options.StormOnly)
    {
        // --storm-only: the disk's fsync rate and the store's group-commit rate (to read the storm against), then the alert
        // storm (with --alert-storm N); no other phase and no web sample. For iterating on the intake's cost per alert.
        report.AppendLine((await Phases.DiskFsyncAsync(options)).Row(store, "disk: 1 writer, 1 write + fsync each, in /tmp (the SQLite files' disk)"));
        report.AppendLine((await Phases.StoreAppendsAsync(target, options)).Row(store, "store: 64 writers, 1 durable event each (group commit)"));
        foreach (var row in await AlertStorm.RunAsync(target, options, options.StormAlerts))
        {
            report.AppendLine(row);
        }

        continue;
    }

    var storeRate = await Phases.StoreAppendsAsync(target, options);
    report.AppendLine(storeRate.Row(store, "store: 64 writers, 1 durable event each (group commit)"));
    report.AppendLine((await Phases.StoreListAsync(target, options)).Row(store, "store: ListAsync, a page of 50 summaries, 64 readers, in process"));
    var serviceRate = await Phases.ServiceNotesAsync(target, options);
    report.AppendLine(serviceRate.Row(store, "IncidentService: 64 concurrent note commands, in process"));
    // The disk under the store: one writer, each write followed by fsync (the ceiling a store without group commit would have).
    report.AppendLine((await Phases.DiskFsyncAsync(options)).Row(store, "disk: 1 writer, 1 write + fsync each, in /tmp (the SQLite files' disk)"));
    if (options.StormAlerts > 0)
    {
        foreach (var row in await AlertStorm.RunAsync(target, options, options.StormAlerts))
        {
            report.AppendLine(row);
        }
    }

    if (options.StoreOnly)
    {
        continue;
    }

    await using var sample = await SampleProcess.StartAsync(target, options);
    var ids = await Phases.PrepareAsync(sample, options);
    // Every opened incident starts escalation: the worker pages level 1 and the dispatcher delivers it. Let that settle so the
    // HTTP rows measure requests, not the aftermath of the set-up; the row says how long it took and what it cost.
    var (settle, settleCpu) = await Phases.SettleAsync(sample);
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {store} | worker and dispatcher after {ids.Length * ids[0].Length} incidents opened: settled in {settle.TotalSeconds:F0} s, {settleCpu.TotalSeconds:F1} s server CPU ({settleCpu.TotalMilliseconds / (ids.Length * ids[0].Length):F1} ms per incident) | | | | | | | | | |");
    report.AppendLine((await Phases.IdleAsync(sample)).Row(store, "sample idle for 3 s, no requests (worker, notifications)"));
    // Where a request's time goes: Kestrel alone (no auth), then authentication (a key lookup), then the list itself.
    report.AppendLine((await Phases.GetAsync(sample, "/healthz", options)).Row(store, "HTTP GET /healthz (no auth), 64 clients"));
    report.AppendLine((await Phases.GetAsync(sample, "/api/me", options)).Row(store, "HTTP GET /api/me (API key auth only), 64 clients"));
    var get = await Phases.GetPageAsync(sample, options);
    report.AppendLine(get.Row(store, "HTTP GET /api/incidents?pageSize=50, 64 clients"));
    var commands = await Phases.CommandsAsync(sample, ids, options);
    report.AppendLine(commands.Row(store, "HTTP POST acknowledge + note, 64 clients"));
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {store} | HTTP commands ÷ store group-commit rate | | {commands.Rate / storeRate.Rate:P0} | | | | | | | |");
}

Console.WriteLine();
Console.WriteLine(report.ToString());
return 0;

internal sealed record LoadOptions(IReadOnlyList<string> Stores, int Clients, TimeSpan Duration, int MaxRequests, string SamplePath, string? Postgres, bool StoreOnly, int StormAlerts = 0)
{
    // How long the alert storm waits for the intake to drain before it counts (--drain-seconds, at most 300).
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromSeconds(90);

    // How long the alert storm may send (--storm-seconds, at most 120): long enough for 100 000 alerts at the goal's rate.
    public TimeSpan StormDuration { get; init; } = TimeSpan.FromSeconds(30);

    // Run the alert storm alone (--storm-only), skipping the store phases and the web sample.
    public bool StormOnly { get; init; }

    // Alerts sent for another tenant before the timed storm (--storm-warmup N, at most 100 000), so the host runs compiled code.
    public int StormWarmup { get; init; }

    // Open loop (--storm-rate R): the storm's alerts are due at R per second, latency counted from each one's due time.
    public double? StormRate { get; init; }

    // Stop the host's intake processing while the storm is sent (--storm-pause-processing), and start it again to drain.
    public bool StormPauseProcessing { get; init; }

    public const string AdminKey = "ik_loadtest_admin_0123456789abcdef0123";

    public static LoadOptions Parse(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var postgres = Environment.GetEnvironmentVariable("INCIDENTKIT_POSTGRES");
        var stores = (Arg("--stores") ?? (string.IsNullOrWhiteSpace(postgres) ? "sqlite" : "sqlite,postgres"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (stores.Contains("postgres") && string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException("Set INCIDENTKIT_POSTGRES to a server connection string to load-test PostgreSQL.");
        }

        var seconds = int.Parse(Arg("--seconds") ?? "10", CultureInfo.InvariantCulture);
        var clients = int.Parse(Arg("--clients") ?? "64", CultureInfo.InvariantCulture);
        if (seconds is < 1 or > 60 || clients is < 1 or > 256)
        {
            throw new ArgumentException("--seconds must be 1 to 60 and --clients 1 to 256: the load test is bounded.");
        }

        return new LoadOptions(stores, clients, TimeSpan.FromSeconds(seconds),
            int.Parse(Arg("--max-requests") ?? "300000", CultureInfo.InvariantCulture),
            Arg("--sample") ?? FindSample(), postgres, args.Contains("--store-only"),
            int.Parse(Arg("--alert-storm") ?? "0", CultureInfo.InvariantCulture))
        {
            DrainLimit = TimeSpan.FromSeconds(Math.Clamp(int.Parse(Arg("--drain-seconds") ?? "90", CultureInfo.InvariantCulture), 1, 300)),
            StormDuration = TimeSpan.FromSeconds(Math.Clamp(int.Parse(Arg("--storm-seconds") ?? "30", CultureInfo.InvariantCulture), 1, 120)),
            StormOnly = args.Contains("--storm-only"),
            StormWarmup = Math.Clamp(int.Parse(Arg("--storm-warmup") ?? "0", CultureInfo.InvariantCulture), 0, 100_000),
            StormRate = Arg("--storm-rate") is { } rate ? Math.Clamp(double.Parse(rate, CultureInfo.InvariantCulture), 1, 100_000) : null,
            StormPauseProcessing = args.Contains("--storm-pause-processing"),
        };
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentKit.sln")))
            {
                var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
                return Path.Combine(dir.FullName, "samples", "IncidentKit.Samples.Web", "bin", configuration, "net10.0", "IncidentKit.Samples.Web.dll");
            }
        }

        throw new InvalidOperationException("Cannot find the repository root; pass --sample path/to/IncidentKit.Samples.Web.dll.");
    }
}

// Latencies of one phase, merged from every client, and the CPU each process spent.
internal sealed class PhaseResult(long requests, long errors, TimeSpan elapsed, long[] ticks, double serverCores, double clientCores, string loadAverage, double databaseCores = double.NaN)
{
    public double Rate => requests / elapsed.TotalSeconds;

    public long Requests => requests;

    public long Errors => errors;

    private string PerRequest => requests == 0 ? "–" : ((double.IsNaN(serverCores) ? clientCores : serverCores) * 1000 / Rate).ToString("F2", CultureInfo.InvariantCulture);

    // The CPU the PostgreSQL server processes serving this run's database spent per request (its backends, read from /proc).
    private string DatabasePerRequest => requests == 0 || double.IsNaN(databaseCores) ? "–" : (databaseCores * 1000 / Rate).ToString("F2", CultureInfo.InvariantCulture);

    public double Percentile(double p)
    {
        if (ticks.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Clamp((int)Math.Ceiling(p * ticks.Length) - 1, 0, ticks.Length - 1);
        return ticks[index] * 1000.0 / Stopwatch.Frequency;
    }

    public string Row(string store, string what)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {what} | {requests:N0} | {Rate:N0} | {Percentile(0.50):F2} | {Percentile(0.99):F2} | {errors} | {(double.IsNaN(serverCores) ? "–" : serverCores.ToString("F2", CultureInfo.InvariantCulture))} / {clientCores:F2} | {PerRequest} | {DatabasePerRequest} | {loadAverage} |");
        Console.WriteLine(line);
        return line;
    }

    public static async Task<PhaseResult> RunAsync(LoadOptions options, int workers, Func<int, long, Task<bool>> operation, Process? server = null)
    {
        var perWorker = new List<long>[workers];
        long total = 0, errors = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = ServerCpu(server);
        var databaseCpu = DatabaseCpu.Current is { } probe ? await probe.SnapshotAsync() : null;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = perWorker[w] = new List<long>(4096);
            for (long n = 0; Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref total) <= options.MaxRequests; n++)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(w, n);
                }
                catch (Exception ex) when (ex is HttpRequestException or IncidentConcurrencyException or TaskCanceledException)
                {
                    ok = false;
                }

                mine.Add(Stopwatch.GetTimestamp() - t0);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var loadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(1)) : "?";
        var all = perWorker.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / elapsed.TotalSeconds;
        var serverCores = server is null ? double.NaN : (ServerCpu(server) - serverCpu).TotalSeconds / elapsed.TotalSeconds;
        var databaseCores = databaseCpu is null ? double.NaN : (await DatabaseCpu.Current!.SinceAsync(databaseCpu)).TotalSeconds / elapsed.TotalSeconds;
        return new PhaseResult(all.Length, errors, elapsed, all, serverCores, clientCores, loadAverage, databaseCores);
    }

    private static TimeSpan ServerCpu(Process? server)
    {
        if (server is null)
        {
            return TimeSpan.Zero;
        }

        server.Refresh();
        return server.TotalProcessorTime;
    }
}

// One store under test: its own SQLite file or PostgreSQL database, shared by the in-process phases and the sample.
internal sealed class StoreTarget : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _database;
    private readonly string? _serverConnection;

    private StoreTarget(string kind, IIncidentStore store, string connectionString, string? directory, string? database, string? serverConnection)
    {
        Kind = kind;
        Store = store;
        ConnectionString = connectionString;
        _directory = directory;
        _database = database;
        _serverConnection = serverConnection;
    }

    public string Kind { get; }

    public IIncidentStore Store { get; }

    public string ConnectionString { get; }

    public static async Task<StoreTarget> CreateAsync(string kind, LoadOptions options)
    {
        if (kind == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("incidentkit-load-").FullName;
            var connection = $"Data Source={Path.Combine(directory, "incidents.db")}";
            var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(directory, "store-only.db")}" }, SystemClock.Instance);
            await store.MigrateAsync();
            return new StoreTarget("sqlite", store, connection, directory, null, null);
        }

        var database = $"ik_load_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(options.Postgres!))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {database}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var pgStore = new PostgreSqlIncidentStore(dataSource, new PostgreSqlStoreOptions { Schema = "storeonly" });
        await pgStore.MigrateAsync();
        return new StoreTarget("postgres", pgStore, builder.ConnectionString, null, database, options.Postgres);
    }

    // The PostgreSQL database this target created (null for SQLite).
    public string? Database => _database;

    public async ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable disposable:
                await disposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }

        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(_serverConnection!);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }
}

// The web sample as a child process on a free loopback port, its console logging turned down to warnings.
internal sealed class SampleProcess : IAsyncDisposable
{
    private SampleProcess(Process process, HttpClient client)
    {
        Process = process;
        Client = client;
    }

    public Process Process { get; }

    public HttpClient Client { get; }

    public static async Task<SampleProcess> StartAsync(StoreTarget target, LoadOptions options)
    {
        if (!File.Exists(options.SamplePath))
        {
            throw new FileNotFoundException($"Build the sample first (dotnet build -c Release samples/IncidentKit.Samples.Web): {options.SamplePath}");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [options.SamplePath, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(options.SamplePath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Sample__AdminKey"] = LoadOptions.AdminKey;
        start.Environment["IncidentKit__Store"] = target.Kind == "sqlite" ? "Sqlite" : "PostgreSql";
        start.Environment["ConnectionStrings__IncidentKit"] = target.ConnectionString;
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        // Keep the start of the sample's output for a failed start; the notifications it prints later are not needed.
        process.OutputDataReceived += (_, e) => { lock (log) { if (log.Length < 100_000) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { lock (log) { if (log.Length < 100_000) { log.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LoadOptions.AdminKey);
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = await client.GetAsync(new Uri("/api/incidents?pageSize=1", UriKind.Relative));
                if (probe.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || ready.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The sample did not become ready:{Environment.NewLine}{log}");
            }

            await Task.Delay(200);
        }

        Console.WriteLine($"sample ready on port {port} after {ready.Elapsed.TotalSeconds:F1} s ({target.Kind})");
        return new SampleProcess(process, client);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}

internal static class Phases
{
    private static readonly UserId Actor = new("user:load");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The store alone: every writer owns one incident and appends one work-note event at a time, each acknowledged only
    // when durable, so concurrent writers share commits.
    public static async Task<PhaseResult> StoreAppendsAsync(StoreTarget target, LoadOptions options)
    {
        var summaries = new IncidentSummary[options.Clients];
        for (var i = 0; i < summaries.Length; i++)
        {
            var incident = Incident.Open(IncidentId.New(), TenantId.Default,
                new NewIncident { Title = $"store {i}", Impact = new Impact(2), Urgency = new Urgency(2), Service = "checkout" },
                SystemClock.Instance.GetCurrentInstant(), Actor);
            await target.Store.AppendAsync(IncidentChange.For(incident));
            summaries[i] = incident.ToSummary();
        }

        var result = await PhaseResult.RunAsync(options, options.Clients, async (w, _) =>
        {
            var at = SystemClock.Instance.GetCurrentInstant();
            var summary = summaries[w] with { Version = summaries[w].Version + 1, LastChangedAt = at };
            await target.Store.AppendAsync(new IncidentChange
            {
                Tenant = summary.Tenant,
                Incident = summary.Id,
                ExpectedVersion = new ExpectedVersion(summaries[w].Version),
                Events = [new WorkNoteAdded(Guid.CreateVersion7(), at, Actor, "Investigating the checkout latency spike")],
                Summary = summary,
            });
            summaries[w] = summary;
            return true;
        });

        var history = await target.Store.ReadAsync(TenantId.Default, summaries[0].Id);
        if (history.Version != summaries[0].Version)
        {
            throw new InvalidOperationException($"The store holds v{history.Version}, the writer committed v{summaries[0].Version}.");
        }

        return result;
    }

    // The store's list query alone (the phase above left 64 open incidents), so the HTTP list can be compared with it.
    public static async Task<PhaseResult> StoreListAsync(StoreTarget target, LoadOptions options)
    {
        var query = new IncidentQuery { PageSize = 50 };
        var first = await target.Store.ListAsync(TenantId.Default, query);
        if (first.Items.Count != 50)
        {
            throw new InvalidOperationException($"Expected a page of 50 summaries, got {first.Items.Count}.");
        }

        return await PhaseResult.RunAsync(options, options.Clients, async (_, _) =>
            (await target.Store.ListAsync(TenantId.Default, query)).Items.Count == 50);
    }

    // The application service: each command reads the incident's stream, folds it, checks the workflow and appends.
    public static async Task<PhaseResult> ServiceNotesAsync(StoreTarget target, LoadOptions options)
    {
        var service = new IncidentService(target.Store, SystemClock.Instance);
        var ids = new IncidentId[options.Clients];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (await service.OpenAsync(TenantId.Default,
                new NewIncident { Title = $"service {i}", Impact = new Impact(2), Urgency = new Urgency(2), Service = "checkout" }, Actor)).Id;
        }

        return await PhaseResult.RunAsync(options, options.Clients, async (w, _) =>
        {
            await service.ExecuteAsync(TenantId.Default, ids[w], (incident, now) => incident.AddWorkNote("Investigating the checkout latency spike", now, Actor));
            return true;
        });
    }

    // fsyncs per second of one writer on the temporary folder's disk: what a store that flushed every write alone would reach.
    public static async Task<PhaseResult> DiskFsyncAsync(LoadOptions options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"incidentkit-fsync-{Guid.NewGuid():N}");
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            var block = new byte[512];
            return await PhaseResult.RunAsync(options with { Duration = TimeSpan.FromSeconds(Math.Min(5, options.Duration.TotalSeconds)) }, 1, (_, n) =>
            {
                file.Position = (n % 64) * block.Length;
                file.Write(block);
                file.Flush(flushToDisk: true);
                return Task.FromResult(true);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Opens enough incidents for a full page of 50 and four fresh ones per client to acknowledge (not timed).
    public static async Task<string[][]> PrepareAsync(SampleProcess sample, LoadOptions options)
    {
        var ids = new string[options.Clients][];
        await Parallel.ForAsync(0, options.Clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, ct) =>
        {
            ids[c] = new string[4];
            for (var k = 0; k < ids[c].Length; k++)
            {
                using var response = await sample.Client.PostAsJsonAsync(new Uri("/api/incidents", UriKind.Relative),
                    new { title = $"Load test incident {c}.{k}", impact = 2, urgency = 2, service = "checkout", source = "load-test" }, ct);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
                ids[c][k] = body.GetProperty("id").GetString()!;
            }
        });
        return ids;
    }

    // Waits (at most 120 s) until the sample's background work is done: under 0.03 cores over 2 s.
    public static async Task<(TimeSpan Took, TimeSpan Cpu)> SettleAsync(SampleProcess sample)
    {
        var started = Stopwatch.StartNew();
        sample.Process.Refresh();
        var first = sample.Process.TotalProcessorTime;
        var last = first;
        while (started.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            sample.Process.Refresh();
            var now = sample.Process.TotalProcessorTime;
            var cores = (now - last).TotalSeconds / 2;
            last = now;
            if (cores < 0.03)
            {
                break;
            }
        }

        return (started.Elapsed, last - first);
    }

    // The sample's own background work (worker sweeps, escalation pages, notification dispatch) with no requests: the
    // server CPU it uses here is also in every HTTP row's CPU per request.
    public static async Task<PhaseResult> IdleAsync(SampleProcess sample)
    {
        sample.Process.Refresh();
        var before = sample.Process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var elapsed = Stopwatch.GetElapsedTime(started);
        sample.Process.Refresh();
        var cores = (sample.Process.TotalProcessorTime - before).TotalSeconds / elapsed.TotalSeconds;
        return new PhaseResult(0, 0, elapsed, [], cores, 0, File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?");
    }

    public static Task<PhaseResult> GetAsync(SampleProcess sample, string path, LoadOptions options)
    {
        var uri = new Uri(path, UriKind.Relative);
        return PhaseResult.RunAsync(options, options.Clients, async (_, _) =>
        {
            using var response = await sample.Client.GetAsync(uri, HttpCompletionOption.ResponseContentRead);
            return response.StatusCode == HttpStatusCode.OK;
        }, sample.Process);
    }

    public static async Task<PhaseResult> GetPageAsync(SampleProcess sample, LoadOptions options)
    {
        using (var first = await sample.Client.GetAsync(new Uri("/api/incidents?pageSize=50", UriKind.Relative)))
        {
            var body = await first.Content.ReadFromJsonAsync<JsonElement>(Json);
            var count = body.GetProperty("items").GetArrayLength();
            if (count != 50)
            {
                throw new InvalidOperationException($"Expected a page of 50 incidents, got {count}.");
            }
        }

        var uri = new Uri("/api/incidents?pageSize=50", UriKind.Relative);
        return await PhaseResult.RunAsync(options, options.Clients, async (_, _) =>
        {
            using var response = await sample.Client.GetAsync(uri, HttpCompletionOption.ResponseContentRead);
            return response.StatusCode == HttpStatusCode.OK;
        }, sample.Process);
    }

    // Each client acknowledges its four fresh incidents, then adds work notes to them in turn.
    public static Task<PhaseResult> CommandsAsync(SampleProcess sample, string[][] ids, LoadOptions options) =>
        PhaseResult.RunAsync(options, options.Clients, async (c, n) =>
        {
            var mine = ids[c];
            var id = mine[n % mine.Length];
            using var response = n < mine.Length
                ? await sample.Client.PostAsJsonAsync(new Uri($"/api/incidents/{id}/acknowledge", UriKind.Relative), new { })
                : await sample.Client.PostAsJsonAsync(new Uri($"/api/incidents/{id}/note", UriKind.Relative), new { text = "Still investigating" });
            return response.IsSuccessStatusCode;
        }, sample.Process);
}

// The CPU time of the PostgreSQL server processes connected to one database (client backends, from pg_stat_activity), read from
// /proc: only when the server runs on this machine. Background processes (WAL writer, checkpointer) are not counted. A backend
// that exits during a phase takes its CPU with it; the pools here keep theirs open.
internal sealed class DatabaseCpu(string serverConnectionString, string database)
{
    // The probe of the store under test, for every phase that runs while it is set.
    public static DatabaseCpu? Current { get; set; }

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public async Task<Dictionary<int, long>?> SnapshotAsync()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        await using var source = NpgsqlDataSource.Create(serverConnectionString);
        await using var command = source.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid();");
        command.Parameters.AddWithValue("database", database);
        var ticks = new Dictionary<int, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            if (Ticks(pid) is { } used)
            {
                ticks[pid] = used;
            }
        }

        return ticks;
    }

    public async Task<TimeSpan> SinceAsync(Dictionary<int, long> before)
    {
        var now = await SnapshotAsync() ?? [];
        var used = now.Sum(p => p.Value - before.GetValueOrDefault(p.Key));
        return TimeSpan.FromSeconds(used / TicksPerSecond);
    }

    // utime + stime, the 14th and 15th fields of /proc/<pid>/stat (after the parenthesised command name).
    private static long? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
