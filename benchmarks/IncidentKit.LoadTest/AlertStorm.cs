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
using Npgsql;

internal static class AlertStorm
{
    public const int Groups = 50;
    private static readonly TenantId Tenant = new("storm");

    // Server mode: --serve-alerts --store sqlite|postgres --connection CS --port N --secret S
    public static async Task<int> ServeAsync(string[] args)
    {
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        var store = Arg("--store");
        var connection = Arg("--connection");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Arg("--port")}");
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.EnableWorker = true;
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
            o.Routes = AlertRoutingTable.Build([new AlertRoute { Name = "storm", Tenant = Tenant, GroupBy = ["alertname"] }]);
            o.PermitsPerSecond = 1_000_000; // one loopback address sends everything: the framework limiter is not under test
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        });
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapIncidentKitAlerts();
        await app.StartAsync();
        await app.Services.GetRequiredService<IAlertStore>().SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, AlertmanagerWebhook.Integration, Arg("--secret")));
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
        return 0;
    }

    public static async Task<IReadOnlyList<string>> RunAsync(StoreTarget target, LoadOptions options, int alerts)
    {
        var secret = IntegrationKey.NewSecret();
        var port = FreePort();
        var connection = target.Kind == "sqlite" ? target.ConnectionString.Replace("incidents.db", "storm.db", StringComparison.Ordinal) : target.ConnectionString;
        var start = new ProcessStartInfo("dotnet", [typeof(AlertStorm).Assembly.Location, "--serve-alerts", "--store", target.Kind, "--connection", connection, "--port", port.ToString(CultureInfo.InvariantCulture), "--secret", secret])
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
            var bounded = options with { MaxRequests = alerts, Duration = options.StormDuration };
            var sent = 0L;
            var result = await PhaseResult.RunAsync(bounded, options.Clients, async (w, n) =>
            {
                var i = Interlocked.Increment(ref sent) - 1;
                using var content = new StringContent(Body(run, i, startsAt), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), content);
                return response.StatusCode == HttpStatusCode.Accepted;
            }, server);
            var accepted = result.Requests - result.Errors;

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
            // Let the worker page the new incidents (level 1 is due at once), then count pages per incident and level.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var pages = await PagesAsync(target, connection);
            var worst = pages.Count == 0 ? 0 : pages.Values.Max();

            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            return
            [
                result.Row(target.Kind, $"alert storm over HTTP: {options.Clients} senders, Alertmanager v4, 1 alert per POST, {Groups} groups (202 only once the inbox write is durable)"),
                string.Create(CultureInfo.InvariantCulture,
                    $"| {target.Kind} | alert storm after {drain.Elapsed.TotalSeconds:F0} s draining ({drainCpu.TotalSeconds:F1} s server CPU): {accepted:N0} alerts accepted, {counts.Inbox:N0} inbox rows ({counts.Pending:N0} still unprocessed), {counts.Incidents} incidents ({counts.Opened} opened events; goal exactly {Groups}); {pages.Values.Sum()} pages (escalation steps fired) over {pages.Count} incident levels, at most {worst} per incident per level (goal ≤ 1) | | | | | | | | | {load} |"),
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
