using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Tests.Alerts;

// One in-memory store, incident service and processor on a fake clock, with helpers to post Alertmanager-shaped alerts.
internal sealed class AlertIntakeHarness
{
    public static readonly TenantId Tenant = new("acme");

    public AlertIntakeHarness(AlertIntakeOptions? options = null, AlertRoutingTable? routes = null, IEnumerable<HeartbeatMonitor>? heartbeats = null,
        IOutboxPlanner? outbox = null, IncidentRules? rules = null)
    {
        Store = new InMemoryIncidentStore(Clock);
        Incidents = new IncidentService(Store, Clock, new IncidentServiceOptions { Outbox = outbox, Rules = rules });
        Processor = new AlertProcessor(Store, Incidents, Clock, routes ?? AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]),
            options, heartbeats);
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 12, 6, 21, 0));

    public InMemoryIncidentStore Store { get; }

    public IncidentService Incidents { get; }

    public AlertProcessor Processor { get; }

    public static Alert Firing(string fingerprint, string alertname, Instant startsAt, string? severity = "critical", string summary = "API is down") => new()
    {
        Integration = AlertmanagerWebhook.Integration,
        Key = fingerprint,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = alertname, ["severity"] = severity ?? "", ["service"] = "api" },
        StartsAt = startsAt,
        Summary = summary,
        Severity = severity,
    };

    public static Alert Resolved(Alert firing) => firing with { Status = AlertStatus.Resolved, EndsAt = firing.StartsAt + Duration.FromMinutes(1) };

    public async Task<IReadOnlyList<AlertReceipt>> DeliverAsync(params Alert[] alerts)
    {
        var receipts = await Processor.ReceiveAsync(Tenant, alerts, TestContext.Current.CancellationToken);
        await Processor.ProcessPendingAsync("test", 1000, TestContext.Current.CancellationToken);
        return receipts;
    }

    public async Task<IReadOnlyList<IncidentSummary>> AllIncidentsAsync()
    {
        var page = await Store.ListAsync(Tenant, new IncidentQuery { States = Enum.GetValues<IncidentState>(), PageSize = 1000 }, TestContext.Current.CancellationToken);
        return page.Items;
    }

    public async Task<Incident> OnlyIncidentAsync()
    {
        var summary = Assert.Single(await AllIncidentsAsync());
        return (await Incidents.FindOrNullAsync(Tenant, summary.Id, TestContext.Current.CancellationToken))!;
    }

    // Pages follow IncidentOpened and IncidentReopened (the notification planner notifies on both); count them.
    public async Task<int> PagesAsync()
    {
        var pages = 0;
        foreach (var s in await AllIncidentsAsync())
        {
            var incident = (await Incidents.FindOrNullAsync(Tenant, s.Id, TestContext.Current.CancellationToken))!;
            pages += incident.Events.Count(e => e is IncidentOpened or IncidentReopened);
        }

        return pages;
    }
}
