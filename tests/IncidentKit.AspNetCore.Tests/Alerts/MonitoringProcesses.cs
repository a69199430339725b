using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// Starts prometheus-alertmanager and prometheus as child processes on free loopback ports and stops each by its pid when the
// test class ends. Binaries come from INCIDENTKIT_ALERTMANAGER / INCIDENTKIT_PROMETHEUS, else from PATH (`which`).
public sealed class MonitoringProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-monitoring-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static string? AlertmanagerPath => Find("INCIDENTKIT_ALERTMANAGER", "prometheus-alertmanager");

    public static string? PrometheusPath => Find("INCIDENTKIT_PROMETHEUS", "prometheus");

    public HttpClient Http => _http;

    public static void RequireBinaries(bool prometheus = false)
    {
        var missing = AlertmanagerPath is null ? "prometheus-alertmanager" : prometheus && PrometheusPath is null ? "prometheus" : null;
        if (missing is null)
        {
            return;
        }

        var message = $"{missing} is not installed (set INCIDENTKIT_ALERTMANAGER / INCIDENTKIT_PROMETHEUS or put it on PATH).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI must run the real monitoring tests. " + message);
        }

        Assert.Skip(message);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Starts one Alertmanager posting every group to the host's /alerts/alertmanager with the bearer key.
    public async Task<Uri> StartAlertmanagerAsync(Uri webhookBase, string bearer, int? clusterPort = null, int? peerPort = null)
    {
        var port = FreePort();
        var dir = Directory.CreateDirectory(Path.Combine(_directory, $"am-{port}")).FullName;
        var config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 1h
            receivers:
            - name: hook
              webhook_configs:
              - url: {new Uri(webhookBase, "/alerts/alertmanager")}
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: {bearer}
            """);
        var cluster = clusterPort is { } cp
            ? $"--cluster.listen-address=127.0.0.1:{cp} --cluster.peer=127.0.0.1:{peerPort} --cluster.settle-timeout=2s"
            : "--cluster.listen-address=";
        Start(AlertmanagerPath!, $"--config.file={config} --storage.path={dir} --web.listen-address=127.0.0.1:{port} --web.external-url=http://127.0.0.1:{port} {cluster}");
        var address = new Uri($"http://127.0.0.1:{port}");
        await WaitReadyAsync(new Uri(address, "/-/ready"));
        return address;
    }

    // Starts Prometheus scraping the host's /metrics every second with the rule my_metric > 0, alerting to the Alertmanager.
    public async Task<Uri> StartPrometheusAsync(Uri scrapeBase, Uri alertmanager)
    {
        var port = FreePort();
        var dir = Directory.CreateDirectory(Path.Combine(_directory, $"prom-{port}")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "rules.yml"), """
            groups:
            - name: test
              rules:
              - alert: CheckoutErrors
                expr: my_metric > 0
                for: 0s
                labels: {severity: critical, team: shop}
                annotations: {summary: "Checkout answers errors"}
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: [{Path.Combine(dir, "rules.yml")}]
            alerting:
              alertmanagers:
              - static_configs:
                - targets: ["{alertmanager.Authority}"]
            scrape_configs:
            - job_name: app
              static_configs:
              - targets: ["{scrapeBase.Authority}"]
            """);
        Start(PrometheusPath!, $"--config.file={Path.Combine(dir, "prometheus.yml")} --storage.tsdb.path={dir}/data --web.listen-address=127.0.0.1:{port} --web.external-url=http://127.0.0.1:{port}");
        var address = new Uri($"http://127.0.0.1:{port}");
        await WaitReadyAsync(new Uri(address, "/-/ready"));
        return address;
    }

    // Posts alerts straight to Alertmanager's API, as Prometheus would.
    public async Task PostAlertAsync(Uri alertmanager, string alertname, string instance, string severity, DateTimeOffset startsAt, DateTimeOffset? endsAt = null,
        string team = "shop")
    {
        var ends = endsAt is { } e ? $",\"endsAt\":\"{e.UtcDateTime:O}\"" : "";
        var json = $$"""
            [{"labels":{"alertname":"{{alertname}}","instance":"{{instance}}","severity":"{{severity}}","team":"{{team}}"},
              "annotations":{"summary":"{{alertname}} on the shop"},"startsAt":"{{startsAt.UtcDateTime:O}}"{{ends}},"generatorURL":"http://prometheus/graph"}]
            """;
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(alertmanager, "/api/v2/alerts"), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            Kill(p);
            p.Dispose();
        }

        _http.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                // By pid: only the process this fixture started.
                p.Kill(entireProcessTree: false);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Start(string path, string arguments)
    {
        var info = new ProcessStartInfo(path, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {path}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private async Task WaitReadyAsync(Uri ready)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{ready} did not become ready.");
            }

            await Task.Delay(100);
        }
    }

    private static string? Find(string variable, string name)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(configured))
        {
            return configured;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
