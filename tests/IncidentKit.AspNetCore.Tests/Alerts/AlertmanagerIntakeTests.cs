using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// Real Alertmanager (and Prometheus) processes posting to a real Kestrel host: nothing here mocks what Alertmanager sends.
// The processes of this class are stopped by pid when the class ends (and each test stops its own).
public sealed class AlertmanagerIntakeTests : IAsyncLifetime
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);
    private readonly MonitoringProcesses _processes = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _processes.DisposeAsync();

    [Fact]
    public async Task Alertmanager_TwoGroupsThenClear_OneIncidentPerGroupMappedAndResolvedByItself()
    {
        MonitoringProcesses.RequireBinaries();
        await using var host = await AlertIntakeHost.StartAsync();
        var am = await _processes.StartAlertmanagerAsync(host.BaseAddress, host.Secret);
        var start = DateTimeOffset.UtcNow;

        await _processes.PostAlertAsync(am, "CheckoutDown", "web-1", "critical", start);
        await _processes.PostAlertAsync(am, "CheckoutDown", "web-2", "critical", start);
        await _processes.PostAlertAsync(am, "DiskFilling", "db-1", "warning", start, team: "storage");

        var incidents = await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 2 && l.Sum(i => i.LinkedAlerts.Count) == 3, Delivery, "two incidents");
        var checkout = incidents.Single(i => i.Title == "CheckoutDown on the shop");
        var disk = incidents.Single(i => i.Title == "DiskFilling on the shop");
        Assert.Equal(("checkout", new Priority(1), 2), (checkout.Service, checkout.Priority, checkout.LinkedAlerts.Count));
        Assert.Equal((null, new Priority(3)), (disk.Service, disk.Priority));

        var end = DateTimeOffset.UtcNow;
        await _processes.PostAlertAsync(am, "CheckoutDown", "web-1", "critical", start, end);
        await _processes.PostAlertAsync(am, "CheckoutDown", "web-2", "critical", start, end);

        await host.EventuallyAsync(host.IncidentsAsync, l => l.Single(i => i.Id == checkout.Id).State == IncidentState.Resolved, Delivery, "the checkout incident to resolve");
        Assert.True((await host.IncidentsAsync()).Single(i => i.Id == disk.Id).IsOpen);
        Assert.Equal(2, await host.PagesAsync());
    }

    [Fact]
    public async Task Alertmanager_HaPairDefaultPeerTimeout_OneIncidentOnePageAndNoReopenFromStaleFiring()
    {
        MonitoringProcesses.RequireBinaries();
        await using var host = await AlertIntakeHost.StartAsync();
        var (p1, p2) = (MonitoringProcesses.FreePort(), MonitoringProcesses.FreePort());

        // Clustered on loopback with the default --cluster.peer-timeout (15 s), longer than the 2 s group interval.
        var first = await _processes.StartAlertmanagerAsync(host.BaseAddress, host.Secret, p1, p2);
        var second = await _processes.StartAlertmanagerAsync(host.BaseAddress, host.Secret, p2, p1);
        var start = DateTimeOffset.UtcNow;
        await _processes.PostAlertAsync(first, "PaymentsDown", "pay-1", "critical", start);
        await _processes.PostAlertAsync(second, "PaymentsDown", "pay-1", "critical", start);

        var incident = (await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 1, Delivery, "the incident")).Single();
        var end = DateTimeOffset.UtcNow;
        await _processes.PostAlertAsync(first, "PaymentsDown", "pay-1", "critical", start, end);
        await _processes.PostAlertAsync(second, "PaymentsDown", "pay-1", "critical", start, end);
        await host.EventuallyAsync(host.IncidentsAsync, l => l.Single().State == IncidentState.Resolved, Delivery, "the incident to resolve");
        var postsAtResolve = host.AlertmanagerPosts;

        // Wait for the second peer's late notifications (a stale "firing" ~9 s after the resolve, then its "resolved").
        await host.EventuallyAsync(() => Task.FromResult(LastFiringAfterResolve(host)), seen => seen, TimeSpan.FromSeconds(25),
            "the second peer's stale firing");
        Assert.True(host.AlertmanagerPosts > postsAtResolve);
        await host.EventuallyAsync(() => host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant).AsTask(),
            l => l.All(r => r.Processed) && l.Single(r => r.Alert.Status == AlertStatus.Firing).Occurrences >= 2, Delivery, "the stale firing to be processed");

        var after = Assert.Single(await host.IncidentsAsync());
        Assert.Equal(incident.Id, after.Id);
        Assert.Equal(IncidentState.Resolved, after.State);
        Assert.Equal(0, after.ReopenCount);
        Assert.Equal(1, await host.PagesAsync());
        var records = await host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant, 100, TestContext.Current.CancellationToken);
        Assert.Equal(2, records.Count);
        Assert.True(records.Single(r => r.Alert.Status == AlertStatus.Firing).Occurrences >= 2, "the stale firing counts as an occurrence of the first");
    }

    [Fact]
    public async Task Alertmanager_MaintenanceWindowInForce_NoIncidentUntilItEndsWhileStillFiring()
    {
        MonitoringProcesses.RequireBinaries();
        var now = SystemClock.Instance.GetCurrentInstant();
        var windowEnd = now + Duration.FromSeconds(8);
        await using var host = await AlertIntakeHost.StartAsync(o => o.MaintenanceWindows.Add(MaintenanceWindow.Once("upgrade-42", AlertIntakeHost.Tenant,
            ["alertname=\"SearchDown\""], now - Duration.FromMinutes(1), windowEnd, new UserId("user:ops"), "search cluster upgrade")));
        var am = await _processes.StartAlertmanagerAsync(host.BaseAddress, host.Secret);

        await _processes.PostAlertAsync(am, "SearchDown", "search-1", "critical", DateTimeOffset.UtcNow);
        await host.EventuallyAsync(() => host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant).AsTask(), l => l.Count == 1 && l[0].Processed, Delivery,
            "the silenced alert to be recorded");
        Assert.True(SystemClock.Instance.GetCurrentInstant() < windowEnd, "the alert arrived inside the window");
        Assert.Empty(await host.IncidentsAsync());

        var incident = (await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 1, Delivery, "the incident after the window")).Single();

        Assert.True(SystemClock.Instance.GetCurrentInstant() >= windowEnd);
        Assert.Equal("SearchDown on the shop", incident.Title);
        Assert.True(incident.OpenedAt >= windowEnd);
    }

    [Fact]
    public async Task Prometheus_RuleFlipsOnThenOff_IncidentOpensWithMappedServiceThenResolves()
    {
        MonitoringProcesses.RequireBinaries(prometheus: true);
        await using var host = await AlertIntakeHost.StartAsync();
        var am = await _processes.StartAlertmanagerAsync(host.BaseAddress, host.Secret);
        var prometheus = await _processes.StartPrometheusAsync(host.BaseAddress, am);

        // The first scrape comes a few seconds after start: flip the metric only once the target is up.
        await host.EventuallyAsync(async () => await _processes.Http.GetStringAsync(new Uri(prometheus, "/api/v1/targets")),
            body => body.Contains("\"health\":\"up\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the first scrape");
        host.MetricValue = 1;

        var incident = (await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 1, Delivery, "the incident")).Single();
        Assert.Equal(("Checkout answers errors", "checkout", new Priority(1)), (incident.Title, incident.Service, incident.Priority));

        host.MetricValue = 0;
        await host.EventuallyAsync(host.IncidentsAsync, l => l.Single().State == IncidentState.Resolved, Delivery, "the incident to resolve");
    }

    private static bool LastFiringAfterResolve(AlertIntakeHost host)
    {
        lock (host.AlertmanagerBodies)
        {
            var firstResolved = host.AlertmanagerBodies.FindIndex(b => b.Contains("\"status\":\"resolved\"", StringComparison.Ordinal));
            return firstResolved >= 0 && host.AlertmanagerBodies.Skip(firstResolved + 1).Any(b => b.Contains("\"status\":\"firing\"", StringComparison.Ordinal));
        }
    }
}
