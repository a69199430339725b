using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// A real Kestrel host on 127.0.0.1 with IncidentKit over a SQLite file and the alert endpoints mapped; one integration key per
// source is stored (hashed) for the tenant "acme".
internal sealed class AlertIntakeHost : IAsyncDisposable
{
    public static readonly TenantId Tenant = new("acme");
    private readonly WebApplication _app;
    private readonly string _directory;
    private int _alertmanagerPosts;
    private int _metricValue;

    private AlertIntakeHost(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string Secret { get; } = IntegrationKey.NewSecret();

    public string EventsV2Secret { get; } = IntegrationKey.NewSecret();

    public string WebhookSecret { get; } = IntegrationKey.NewSecret();

    public string HeartbeatSecret { get; } = IntegrationKey.NewSecret();

    public AlertProcessor Processor => _app.Services.GetRequiredService<AlertProcessor>();

    public IIncidentStore Store => _app.Services.GetRequiredService<IIncidentStore>();

    public IAlertStore Alerts => _app.Services.GetRequiredService<IAlertStore>();

    public IncidentService Incidents => _app.Services.GetRequiredService<IncidentService>();

    // Bodies Alertmanager posted, in arrival order (status of the group and of each alert).
    public List<string> AlertmanagerBodies { get; } = [];

    public int AlertmanagerPosts => Volatile.Read(ref _alertmanagerPosts);

    public int MetricValue
    {
        get => Volatile.Read(ref _metricValue);
        set => Volatile.Write(ref _metricValue, value);
    }

    public static async Task<AlertIntakeHost> StartAsync(Action<AlertEndpointOptions>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-alerts-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddIncidentKit(o => o.PollInterval = TimeSpan.FromSeconds(1)).UseSqlite($"Data Source={Path.Combine(directory, "incidents.db")}");
        builder.Services.AddIncidentKitAlerts(o =>
        {
            o.Routes = AlertRoutingTable.Build([
                new AlertRoute { Name = "checkout", Matchers = ["team=\"shop\""], Service = "checkout", GroupBy = ["alertname"] },
                new AlertRoute { Name = "rest", GroupBy = ["alertname"] },
            ]);
            o.Webhooks.Add(new GenericWebhookMapping("grafana", key: "/ruleId", status: "/state", summary: "/title", labels: "/tags"));
            o.Heartbeats.Add(new HeartbeatMonitor(Tenant, "nightly-backup", NodaTime.Duration.FromMinutes(10), NodaTime.Duration.FromMinutes(1)));
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(o);
        });
        var app = builder.Build();
        var host = new AlertIntakeHost(app, directory);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/alerts/alertmanager")
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
                lock (host.AlertmanagerBodies)
                {
                    host.AlertmanagerBodies.Add(body);
                }

                Interlocked.Increment(ref host._alertmanagerPosts);
            }

            await next(context);
        });
        app.UseRateLimiter();
        app.MapIncidentKitAlerts();
        app.MapGet("/metrics", () => $"# TYPE my_metric gauge\nmy_metric {host.MetricValue}\n");
        await app.StartAsync();
        host.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await host.Alerts.SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, AlertmanagerWebhook.Integration, host.Secret));
        await host.Alerts.SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, EventsV2.Integration, host.EventsV2Secret));
        await host.Alerts.SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, "grafana", host.WebhookSecret));
        await host.Alerts.SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, "heartbeat", host.HeartbeatSecret));
        return host;
    }

    public async Task<IReadOnlyList<Incident>> IncidentsAsync()
    {
        var page = await Store.ListAsync(Tenant, new IncidentQuery { States = Enum.GetValues<IncidentState>(), PageSize = 1000 });
        var result = new List<Incident>();
        foreach (var s in page.Items)
        {
            result.Add((await Incidents.FindOrNullAsync(Tenant, s.Id))!);
        }

        return result;
    }

    // A page goes out for each IncidentOpened and IncidentReopened (the notification planner notifies on both).
    public async Task<int> PagesAsync() => (await IncidentsAsync()).Sum(i => i.Events.Count(e => e is IncidentOpened or IncidentReopened));

    public async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. Alertmanager posts: {AlertmanagerPosts}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
