using System.Diagnostics.Metrics;
using IncidentKit.Hosting.Tests.Worker;
using IncidentKit.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests;

public sealed class IncidentKitMetricsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Incidents_OpenAcknowledgeResolve_CountAndMeasureFromTheStoredEvents()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var factory = worker.Services.GetRequiredService<IMeterFactory>();
        using var opened = new MetricCollector<long>(factory, IncidentKitMetrics.MeterName, "incidentkit.incidents.opened");
        using var resolved = new MetricCollector<long>(factory, IncidentKitMetrics.MeterName, "incidentkit.incidents.resolved");
        using var toAcknowledge = new MetricCollector<double>(factory, IncidentKitMetrics.MeterName, "incidentkit.incident.time_to_acknowledge");
        using var toResolve = new MetricCollector<double>(factory, IncidentKitMetrics.MeterName, "incidentkit.incident.time_to_resolve");

        var first = await worker.OpenAsync("First");
        await worker.OpenAsync("Second");
        worker.Time.Advance(TimeSpan.FromMinutes(4));
        await worker.Incidents.ExecuteAsync(TenantId.Default, first.Id, (i, at) => i.Acknowledge(at, new UserId("alice")), Token);
        worker.Time.Advance(TimeSpan.FromMinutes(26));
        await worker.Incidents.ExecuteAsync(TenantId.Default, first.Id, (i, at) => i.Resolve("fix", "Fixed", at, new UserId("alice")), Token);

        Assert.Equal(2, opened.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("P1", opened.LastMeasurement!.Tags["incidentkit.priority"]);
        Assert.Equal(1, resolved.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(240, Assert.Single(toAcknowledge.GetMeasurementSnapshot()).Value);
        Assert.Equal(1800, Assert.Single(toResolve.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task TimeToAcknowledge_AcknowledgeSkipped_MeasuresTheFirstResponseOnce()
    {
        await using var worker = await WorkerHarness.StartAsync();
        using var toAcknowledge = new MetricCollector<double>(worker.Services.GetRequiredService<IMeterFactory>(), IncidentKitMetrics.MeterName, "incidentkit.incident.time_to_acknowledge");

        var incident = await worker.OpenAsync("Straight to work");
        worker.Time.Advance(TimeSpan.FromMinutes(3));
        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.StartWork(at, new UserId("alice")), Token);
        worker.Time.Advance(TimeSpan.FromMinutes(10));
        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.Resolve("fix", "Fixed", at, new UserId("alice")), Token);

        Assert.Equal(180, Assert.Single(toAcknowledge.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task Worker_ClaimsDueWork_CountsTheClaims()
    {
        await using var worker = await WorkerHarness.StartAsync(null, new ThresholdAutomation(Duration.FromMinutes(1)));
        using var claimed = new MetricCollector<long>(worker.Services.GetRequiredService<IMeterFactory>(), IncidentKitMetrics.MeterName, "incidentkit.worker.work_claimed");
        await worker.OpenAsync("A");
        await worker.OpenAsync("B");

        await worker.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, claimed.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Notifications_SentAndFailed_AreCountedPerChannel()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var factory = worker.Services.GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(factory, IncidentKitMetrics.MeterName, "incidentkit.notifications.sent");
        using var failed = new MetricCollector<long>(factory, IncidentKitMetrics.MeterName, "incidentkit.notifications.failed");
        using var metrics = new IncidentKit.Notifications.NotificationMetrics(factory);

        metrics.RecordSent("email");
        metrics.RecordSent("email");
        metrics.RecordFailed("webhook");

        Assert.Equal(2, sent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("webhook", failed.LastMeasurement!.Tags["incidentkit.channel"]);
    }

    [Fact]
    public void Metrics_WithoutAMeterFactory_UseAMeterOfTheirOwn()
    {
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit().UseInMemoryStore().AddNotifications().Services.BuildServiceProvider();
        using var collector = new MetricCollector<long>(null, IncidentKitMetrics.MeterName, "incidentkit.notifications.sent");

        // The collector listens to every meter of that name in the process, so other tests running in parallel may add
        // measurements of their own: count only this test's, by a channel name no other test uses.
        var channel = $"chat-{Guid.NewGuid():N}";
        provider.GetRequiredService<IncidentKit.Notifications.NotificationMetrics>().RecordSent(channel);

        Assert.Equal(1, collector.GetMeasurementSnapshot().Count(m => m.Tags.TryGetValue("incidentkit.channel", out var c) && Equals(c, channel)));
    }
}
