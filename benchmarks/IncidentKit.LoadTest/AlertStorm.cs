// Alert storm (issue 13 §6): 64 senders post Alertmanager v4 webhooks, one firing alert each, to a real intake host on 127.0.0.1
// (this executable started again in --serve-alerts mode as a child process, over SQLite or PostgreSQL). Every alert has its own
// fingerprint and one of 50 alertnames; the route groups by alertname, so the run must end with one inbox row per alert sent
// and exactly 50 incidents, each opened once. Every 202 is given only after the inbox write is durable (group commit).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using IncidentKit;
using IncidentKit.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IncidentKit.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

internal static class AlertStorm
{
    public const int Groups = 50;
    private static readonly TenantId Tenant = new("storm");

    // --storm-warmup N: alerts sent first for a tenant of their own (same shape, same route), so that the timed storm meets a host
    // whose code is compiled (tiered JIT) as a running server's is; the counts and figures are the storm tenant's only.
    private static readonly TenantId WarmupTenant = new("storm-warmup");

    // Server mode: --serve-alerts --store sqlite|postgres --connection CS --port N --secret S
    public static async Task<int> ServeAsync(string[] args)
    {
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        var builder = HostBuilder(Arg("--store"), Arg("--connection"), worker: true);
        builder.WebHost.UseUrls($"http://127.0.0.1:{Arg("--port")}");
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapIncidentKitAlerts();
        // The host's own counters, read by the load generator before and after the storm: CPU, bytes allocated, collections.
        app.MapGet("/storm/stats", () => ServerStats.Current().ToString());

        // The intake worker's processing rounds (its "incidentkit.alerts.round" spans), as start and end timestamps (Stopwatch ticks,
        // the machine's monotonic clock, which the load generator shares) and records processed, for lining latency up against them.
        var rounds = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var roundListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "IncidentKit",
            // Only the rounds: every other span of the library stays unsampled, as in a host without a listener.
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Name == "incidentkit.alerts.round" ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "incidentkit.alerts.round")
                {
                    var end = Stopwatch.GetTimestamp();
                    var start = end - (long)(activity.Duration.TotalSeconds * Stopwatch.Frequency);
                    rounds.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{start} {end} {activity.GetTagItem("incidentkit.alerts.processed.count")}"));
                }
            },
        };
        ActivitySource.AddActivityListener(roundListener);
        app.MapGet("/storm/rounds", () => string.Join('\n', rounds));

        // How long each SQLite transaction held the write lock (the store's "incidentkit.sqlite.transaction.duration"), split into
        // transactions of inbox receipts only and those with other writes (processing, the worker), reset by each read.
        var transactions = new System.Collections.Concurrent.ConcurrentQueue<(double Seconds, bool ReceiptsOnly)>();
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "incidentkit.sqlite.transaction.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            var receiptsOnly = false;
            foreach (var tag in tags)
            {
                receiptsOnly |= tag.Key == "incidentkit.sqlite.receipts_only" && tag.Value is true;
            }

            transactions.Enqueue((seconds, receiptsOnly));
        });
        meters.Start();
        app.MapGet("/storm/transactions", () =>
        {
            var taken = new List<(double Seconds, bool ReceiptsOnly)>();
            while (transactions.TryDequeue(out var t))
            {
                taken.Add(t);
            }

            return string.Join("; ", taken.GroupBy(t => t.ReceiptsOnly).OrderByDescending(g => g.Key).Select(g =>
            {
                var ms = g.Select(t => t.Seconds * 1000).Order().ToArray();
                return string.Create(CultureInfo.InvariantCulture,
                    $"{(g.Key ? "receipts only" : "with other writes")}: {ms.Length:N0}, p50 {ms[ms.Length / 2]:F2} / p99 {ms[Math.Max(0, (int)Math.Ceiling(ms.Length * 0.99) - 1)]:F1} / max {ms[^1]:F1} ms, {ms.Sum() / 1000:F1} s held in all");
            }));
        });

        // --storm-pause-processing: the intake worker stops while the storm is sent (the inbox only fills) and a new one starts to
        // drain it afterwards, to show the intake's latency without processing beside it.
        IHostedService? worker = null;
        app.MapPost("/storm/pause", async () =>
        {
            worker = app.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "AlertIntakeWorker");
            await worker.StopAsync(CancellationToken.None);
        });
        app.MapPost("/storm/resume", async () =>
        {
            var fresh = (IHostedService)ActivatorUtilities.CreateInstance(app.Services, worker!.GetType());
            await fresh.StartAsync(CancellationToken.None);
        });
        await app.StartAsync();
        await app.Services.GetRequiredService<IAlertStore>().SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, AlertmanagerWebhook.Integration, Arg("--secret")));
        await app.Services.GetRequiredService<IAlertStore>().SaveIntegrationKeyAsync(IntegrationKey.For(WarmupTenant, AlertmanagerWebhook.Integration, Arg("--warmup-secret")));
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
        return 0;
    }

    // The storm host's services: the store, a two-level escalation policy, the alert intake with one route grouping by alertname.
    private static WebApplicationBuilder HostBuilder(string store, string connection, bool worker)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.EnableWorker = worker;
            // Every incident pages a team at level 1 (at once) and again at level 2 after 30 minutes, so the run can check that a
            // storm of 2 000 alerts per incident still pages each level once.
            o.Directory = new IncidentKit.Escalation.EscalationDirectory().WithTeam("storm-team", new UserId("storm-oncall"));
            o.Escalation = new IncidentKit.Escalation.EscalationMatrixBuilder().UseFallback(
                new IncidentKit.Escalation.EscalationPolicyBuilder("storm", "Page the team, then again")
                    .AddLevel(IncidentKit.Escalation.EscalationKind.Functional, NodaTime.Duration.FromMinutes(30), IncidentKit.Escalation.EscalationTarget.Team("storm-team"))
                    .AddLevel(IncidentKit.Escalation.EscalationKind.Functional, NodaTime.Duration.FromMinutes(30), IncidentKit.Escalation.EscalationTarget.Team("storm-team"))
                    .Build()).Build();
        });
        if (store == "sqlite")
        {
            incidentKit.UseSqlite(connection);
        }
        else
        {
            incidentKit.UsePostgreSql(connection);
        }

        builder.Services.AddIncidentKitAlerts(o =>
        {
            o.Routes = AlertRoutingTable.Build([
                new AlertRoute { Name = "storm", Tenant = Tenant, GroupBy = ["alertname"] },
                new AlertRoute { Name = "warmup", Tenant = WarmupTenant, GroupBy = ["alertname"] }]);
            o.PermitsPerSecond = 1_000_000; // one loopback address sends everything: the framework limiter is not under test
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        });
        return builder;
    }

    // --storm-phases N: where an alert's server CPU goes, without HTTP. In this process, against a fresh SQLite file, with the
    // storm host's services (not started: no worker, no Kestrel): (1) parse N Alertmanager bodies, (2) receive them into the
    // inbox from 64 concurrent writers (durable, group commit, as the endpoint does), (3) process the whole inbox as the intake
    // worker does (claim, route, group, open or link, complete), after an unreported warm-up pass of a fifth of the alerts. Each
    // phase reports process CPU and bytes allocated per alert,
    // and the fsyncs it caused; the HTTP storm's figure minus these is Kestrel and the request path.
    public static async Task<IReadOnlyList<string>> PhasesAsync(int alerts, int writers)
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-storm-phases-").FullName;
        try
        {
            var app = HostBuilder("sqlite", $"Data Source={Path.Combine(directory, "storm.db")}", worker: false).Build();
            await using (app)
            {
                var processor = app.Services.GetRequiredService<AlertProcessor>();
                await ((SqliteIncidentStore)app.Services.GetRequiredService<IAlertStore>()).MigrateAsync();
                var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                var rows = new List<string>();

                // A fifth of the alerts (at most 10 000) first, unreported, so the measured pass runs compiled code (tiered JIT) into
                // groups and incidents that exist, as a running host's storm does.
                await PassAsync(Math.Clamp(alerts / 5, 1, 10_000), null);
                await PassAsync(alerts, rows);
                return rows;

                async Task PassAsync(int count, List<string>? report)
                {
                    var run = Guid.NewGuid().ToString("N")[..8];
                    var bodies = Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(Body(run, i, startsAt))).ToArray();
                    var parsed = new Alert[count];
                    var phases = new (string What, Func<Task> Phase)[]
                    {
                        ("parse the Alertmanager v4 body (1 alert)", () =>
                        {
                            for (var i = 0; i < bodies.Length; i++)
                            {
                                parsed[i] = AlertmanagerWebhook.Parse(bodies[i]).Alerts[0];
                            }

                            return Task.CompletedTask;
                        }),
                        ($"receive into the inbox, {writers} concurrent writers (durable, group commit)", async () =>
                        {
                            var next = -1;
                            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
                            {
                                for (var i = Interlocked.Increment(ref next); i < parsed.Length; i = Interlocked.Increment(ref next))
                                {
                                    await processor.ReceiveAsync(Tenant, [parsed[i]]);
                                }
                            })));
                        }),
                        ("process the inbox as the intake worker does (rounds of up to 5 000 records: route, group, open/link, complete)", async () =>
                        {
                            while (await processor.ProcessPendingAsync("phases", 5000) > 0)
                            {
                            }
                        }),
                    };
                    foreach (var (what, phase) in phases)
                    {
                        if (report is null)
                        {
                            await phase();
                        }
                        else
                        {
                            report.Add(await MeasureAsync(what, count, phase));
                        }
                    }
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> MeasureAsync(string what, int alerts, Func<Task> phase)
    {
        GC.Collect();
        var fsyncs = FsyncCounter.Start(Environment.ProcessId);
        await Task.Delay(200); // perf attaches
        var before = ServerStats.Current();
        var wall = Stopwatch.StartNew();
        await phase();
        wall.Stop();
        var used = ServerStats.Current() - before;
        var counted = await fsyncs.StopAsync();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| sqlite | storm phase, in process: {what} | {alerts:N0} | {alerts / wall.Elapsed.TotalSeconds:N0} | **{used.CpuMs * 1000 / alerts:F1} µs CPU** | {used.Allocated / (double)alerts / 1024:F2} KiB | {(counted is { } f ? (f / (double)alerts).ToString("F3", CultureInfo.InvariantCulture) : "–")} | {used.Gen0}/{used.Gen1}/{used.Gen2} |");
        Console.WriteLine(line);
        return line;
    }

    public static async Task<IReadOnlyList<string>> RunAsync(StoreTarget target, LoadOptions options, int alerts)
    {
        var secret = IntegrationKey.NewSecret();
        var warmupSecret = IntegrationKey.NewSecret();
        var port = FreePort();
        var connection = target.Kind == "sqlite" ? target.ConnectionString.Replace("incidents.db", "storm.db", StringComparison.Ordinal) : target.ConnectionString;
        var start = new ProcessStartInfo("dotnet", [typeof(AlertStorm).Assembly.Location, "--serve-alerts", "--store", target.Kind, "--connection", connection, "--port", port.ToString(CultureInfo.InvariantCulture), "--secret", secret, "--warmup-secret", warmupSecret])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var server = Process.Start(start)!;
        var log = new StringBuilder();
        var ready = new TaskCompletionSource();
        server.OutputDataReceived += (_, e) => { if (e.Data == "ready") { ready.TrySetResult(); } else { lock (log) { if (log.Length < 20_000) { log.AppendLine(e.Data); } } } };
        server.ErrorDataReceived += (_, e) => { lock (log) { if (log.Length < 20_000) { log.AppendLine(e.Data); } } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var run = Guid.NewGuid().ToString("N")[..8];
            var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            var rows = new List<string>();
            if (options.StormWarmup > 0)
            {
                using var warmupClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = client.BaseAddress, Timeout = client.Timeout };
                warmupClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", warmupSecret);
                var warmupSent = 0L;
                var warmup = await PhaseResult.RunAsync(options with { MaxRequests = options.StormWarmup, Duration = options.StormDuration }, options.Clients, async (w, n) =>
                {
                    var i = Interlocked.Increment(ref warmupSent) - 1;
                    using var content = new StringContent(Body("warm" + run[..4], i, startsAt), Encoding.UTF8, "application/json");
                    using var response = await warmupClient.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), content);
                    return response.StatusCode == HttpStatusCode.Accepted;
                }, server);
                rows.Add(warmup.Row(target.Kind, $"alert storm warm-up (tenant {WarmupTenant.Value}, not counted below): the host compiles its code as a running server has"));
                var settle = Stopwatch.StartNew();
                while (await PendingAsync(target, connection) > 0 && settle.Elapsed < options.DrainLimit)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }
            }

            if (options.StormPauseProcessing)
            {
                (await client.PostAsync(new Uri("/storm/pause", UriKind.Relative), null)).EnsureSuccessStatusCode();
            }

            await client.GetStringAsync(new Uri("/storm/transactions", UriKind.Relative));
            var before = await ServerStats.ReadAsync(client);
            var fsyncs = FsyncCounter.Start(server.Id);
            var senders = await StormSenders.RunAsync(options.Clients, alerts, options.StormDuration, options.StormRate, async i =>
            {
                using var content = new StringContent(Body(run, i, startsAt), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), content);
                return response.StatusCode == HttpStatusCode.Accepted;
            }, server);
            var result = senders.Result;
            var accepted = result.Requests - result.Errors;
            var sendingFsyncs = await fsyncs.StopAsync();
            var afterSending = await ServerStats.ReadAsync(client);
            var transactions = await client.GetStringAsync(new Uri("/storm/transactions", UriKind.Relative));
            var rounds = (await client.GetStringAsync(new Uri("/storm/rounds", UriKind.Relative)))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
                .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture)))
                .ToList();
            if (options.StormPauseProcessing)
            {
                (await client.PostAsync(new Uri("/storm/resume", UriKind.Relative), null)).EnsureSuccessStatusCode();
            }

            var drainFsyncs = FsyncCounter.Start(server.Id);

            // Let the intake drain (bounded), then count what the store holds.
            var drain = Stopwatch.StartNew();
            (long Inbox, long Pending, long Incidents, long Opened) counts;
            server.Refresh();
            var drainCpu = server.TotalProcessorTime;
            do
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                counts = await CountAsync(target, connection);
            }
            while ((counts.Pending > 0 || counts.Incidents < Groups) && drain.Elapsed < options.DrainLimit);

            server.Refresh();
            drainCpu = server.TotalProcessorTime - drainCpu;
            var drained = await drainFsyncs.StopAsync();
            var afterDrain = await ServerStats.ReadAsync(client);
            // Let the worker page the new incidents (level 1 is due at once), then count pages per incident and level.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var pages = await PagesAsync(target, connection);
            var worst = pages.Count == 0 ? 0 : pages.Values.Max();

            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            return
            [
                .. rows,
                result.Row(target.Kind, $"alert storm over HTTP: {options.Clients} senders, Alertmanager v4, 1 alert per POST, {Groups} groups (202 only once the inbox write is durable)"
                    + (options.StormRate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"; open loop at {rate:N0}/s, latency from each alert's due time") : "; closed loop")
                    + (options.StormPauseProcessing ? "; processing paused while sending" : "")),
                senders.SlicesRow(target.Kind),
                senders.RoundsRow(target.Kind, rounds),
                $"| {target.Kind} | storm write-lock hold per SQLite transaction while sending: {(transactions.Length == 0 ? "not recorded (not SQLite)" : transactions)} | | | | | | | | | |",
                string.Create(CultureInfo.InvariantCulture,
                    $"| {target.Kind} | alert storm after {drain.Elapsed.TotalSeconds:F0} s draining ({drainCpu.TotalSeconds:F1} s server CPU): {accepted:N0} alerts accepted, {counts.Inbox:N0} inbox rows ({counts.Pending:N0} still unprocessed), {counts.Incidents} incidents ({counts.Opened} opened events; goal exactly {Groups}); {pages.Values.Sum()} pages (escalation steps fired) over {pages.Count} incident levels, at most {worst} per incident per level (goal ≤ 1) | | | | | | | | | {load} |"),
                PerAlertRow(target.Kind, "while sending", afterSending - before, sendingFsyncs, accepted, result.Rate),
                PerAlertRow(target.Kind, "sending + draining", afterDrain - before, sendingFsyncs + drained, accepted, null),
            ];
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The alert intake host did not start:{Environment.NewLine}{log}");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    // The load-insensitive figures: server CPU, bytes allocated and fsyncs per accepted alert, and the fsync rate while sending.
    private static string PerAlertRow(string kind, string window, ServerStats used, long? fsyncs, long accepted, double? rate)
    {
        var perAlert = accepted == 0 ? 0 : 1.0 / accepted;
        var fsyncText = fsyncs is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"{f:N0} fsyncs ({f * perAlert:F3} per alert{(rate is { } r ? $", {f * perAlert * r:N0}/s" : "")})")
            : "fsyncs not counted (needs `perf`)";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | alert storm per accepted alert, {window}: **{used.CpuMs * perAlert:F3} ms server CPU**, {used.Allocated * perAlert / 1024:F1} KiB allocated, {fsyncText}; GCs gen0/1/2 {used.Gen0}/{used.Gen1}/{used.Gen2}, paused {used.GcPauseMs:F0} ms in all | | | | | | | | | |");
        Console.WriteLine(line);
        return line;
    }

    // One firing alert with its own fingerprint; its alertname picks one of the 50 groups in turn.
    private static string Body(string run, long i, string startsAt)
    {
        var group = i % Groups;
        var fingerprint = $"{run}{i:x12}";
        return $$"""
            {"version":"4","groupKey":"{}:{alertname=\"Storm{{group}}\"}","truncatedAlerts":0,"status":"firing","receiver":"incidentkit",
             "groupLabels":{"alertname":"Storm{{group}}"},"commonLabels":{"alertname":"Storm{{group}}","severity":"critical"},
             "commonAnnotations":{"summary":"Storm group {{group}}"},"externalURL":"http://alertmanager:9093",
             "alerts":[{"status":"firing","labels":{"alertname":"Storm{{group}}","severity":"critical","instance":"host-{{i}}"},
               "annotations":{"summary":"Storm group {{group}}"},"startsAt":"{{startsAt}}","endsAt":"0001-01-01T00:00:00Z",
               "generatorURL":"http://prometheus:9090/graph","fingerprint":"{{fingerprint}}"}]}
            """;
    }

    private static async Task<(long Inbox, long Pending, long Incidents, long Opened)> CountAsync(StoreTarget target, string connection)
    {
        System.Data.Common.DbConnection db = target.Kind == "sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection(connection + ";Mode=ReadOnly")
            : new NpgsqlConnection(connection);
        await using (db)
        {
            await db.OpenAsync();
            var (schema, unprocessed) = target.Kind == "sqlite" ? ("", "processed = 0") : ("incidentkit.", "NOT processed");
            return (await ScalarAsync(db, $"SELECT count(*) FROM {schema}alert_inbox WHERE tenant = 'storm'"),
                await ScalarAsync(db, $"SELECT count(*) FROM {schema}alert_inbox WHERE tenant = 'storm' AND {unprocessed}"),
                await ScalarAsync(db, $"SELECT count(*) FROM {schema}streams WHERE tenant = 'storm'"),
                await ScalarAsync(db, $"SELECT count(*) FROM {schema}events WHERE tenant = 'storm' AND version = 1"));
        }
    }

    // Inbox records of any tenant not processed yet.
    private static async Task<long> PendingAsync(StoreTarget target, string connection)
    {
        System.Data.Common.DbConnection db = target.Kind == "sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection(connection + ";Mode=ReadOnly")
            : new NpgsqlConnection(connection);
        await using (db)
        {
            await db.OpenAsync();
            return await ScalarAsync(db, target.Kind == "sqlite" ? "SELECT count(*) FROM alert_inbox WHERE processed = 0" : "SELECT count(*) FROM incidentkit.alert_inbox WHERE NOT processed");
        }
    }

    // Escalation steps fired (pages), counted per incident and level.
    private static async Task<Dictionary<string, int>> PagesAsync(StoreTarget target, string connection)
    {
        System.Data.Common.DbConnection db = target.Kind == "sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection(connection + ";Mode=ReadOnly")
            : new NpgsqlConnection(connection);
        await using (db)
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = target.Kind == "sqlite"
                ? "SELECT incident, data FROM events WHERE tenant = 'storm' AND data LIKE '%escalation-step-fired%'"
                : "SELECT incident::text, data::text FROM incidentkit.events WHERE tenant = 'storm' AND data::text LIKE '%escalation-step-fired%'";
            var pages = new Dictionary<string, int>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                using var data = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
                var level = data.RootElement.TryGetProperty("level", out var l) ? l.GetInt32() : -1;
                var key = reader.GetString(0) + "/" + level.ToString(CultureInfo.InvariantCulture);
                pages[key] = pages.GetValueOrDefault(key) + 1;
            }

            return pages;
        }
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

// A snapshot of the intake host's own counters (GET /storm/stats).
internal readonly record struct ServerStats(double CpuMs, long Allocated, int Gen0, int Gen1, int Gen2, double GcPauseMs = 0)
{
    public static ServerStats Current() =>
        new(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds);

    public static async Task<ServerStats> ReadAsync(HttpClient client)
    {
        var parts = (await client.GetStringAsync(new Uri("/storm/stats", UriKind.Relative))).Split(' ');
        return new(double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture),
            double.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    public static ServerStats operator -(ServerStats a, ServerStats b) =>
        new(a.CpuMs - b.CpuMs, a.Allocated - b.Allocated, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.GcPauseMs - b.GcPauseMs);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CpuMs:F3} {Allocated} {Gen0} {Gen1} {Gen2} {GcPauseMs:F3}");
}

// Counts a process's fsync and fdatasync calls through the kernel's syscall tracepoints (`perf stat`), which cost the traced
// process nothing; null when perf is missing or not permitted.
internal sealed class FsyncCounter
{
    private readonly Process? _perf;

    private FsyncCounter(Process? perf) => _perf = perf;

    public static FsyncCounter Start(int pid)
    {
        try
        {
            var perf = Process.Start(new ProcessStartInfo("perf", ["stat", "-x", ",", "-e", "syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync", "-p", pid.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            return new FsyncCounter(perf);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new FsyncCounter(null);
        }
    }

    public async Task<long?> StopAsync()
    {
        if (_perf is null)
        {
            return null;
        }

        using (_perf)
        {
            // perf stat prints its counts when interrupted.
            using (var interrupt = Process.Start("kill", ["-INT", _perf.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            var text = await _perf.StandardError.ReadToEndAsync();
            await _perf.WaitForExitAsync();
            long total = 0;
            var counted = false;
            foreach (var line in text.Split('\n'))
            {
                var fields = line.Split(',');
                if (fields.Length > 2 && fields[2].StartsWith("syscalls:", StringComparison.Ordinal) && long.TryParse(fields[0], CultureInfo.InvariantCulture, out var n))
                {
                    total += n;
                    counted = true;
                }
            }

            return counted ? total : null;
        }
    }
}
