using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Hosting.Tests;

public sealed class IncidentKitHealthCheckTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 9, 0);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<HealthCheckResult> CheckAsync(IIncidentStore store, IOutboxStore outbox, WorkerHeartbeat heartbeat, IncidentKitOptions? options = null) =>
        await new IncidentKitHealthCheck(store, outbox, heartbeat, new FakeClock(Now), Options.Create(options ?? new IncidentKitOptions()))
            .CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("incidentkit", _ => null!, null, null) }, Token);

    private static WorkerHeartbeat BeatAt(Instant at)
    {
        var heartbeat = new WorkerHeartbeat();
        heartbeat.Beat(at);
        return heartbeat;
    }

    [Fact]
    public async Task Check_StoreAnswersWorkerBeatsOutboxEmpty_IsHealthy()
    {
        var store = new InMemoryIncidentStore(new FakeClock(Now));

        var result = await CheckAsync(store, store, BeatAt(Now - Duration.FromSeconds(5)));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Check_WorkerNeverSwept_IsDegraded()
    {
        var store = new InMemoryIncidentStore(new FakeClock(Now));

        var result = await CheckAsync(store, store, new WorkerHeartbeat());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("not completed a sweep", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WorkerDisabled_IgnoresTheHeartbeat()
    {
        var store = new InMemoryIncidentStore(new FakeClock(Now));

        var result = await CheckAsync(store, store, new WorkerHeartbeat(), new IncidentKitOptions { EnableWorker = false });

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData(14, HealthStatus.Healthy)]
    [InlineData(16, HealthStatus.Unhealthy)]
    public async Task Check_LastBeatAge_ComparesWithThreePollIntervals(int secondsAgo, HealthStatus expected)
    {
        var store = new InMemoryIncidentStore(new FakeClock(Now));

        var result = await CheckAsync(store, store, BeatAt(Now - Duration.FromSeconds(secondsAgo)));

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData(30, HealthStatus.Healthy)]
    [InlineData(90, HealthStatus.Degraded)]
    [InlineData(600, HealthStatus.Unhealthy)]
    public async Task Check_OldestUndeliveredNotification_ReportsLag(int secondsOld, HealthStatus expected)
    {
        var store = new InMemoryIncidentStore(new FakeClock(Now));
        var opened = Now - Duration.FromSeconds(secondsOld);
        var incident = Incident.Open(IncidentId.New(), TenantId.Default, new NewIncident { Title = "Lagging", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, opened, new UserId("alice"));
        await store.AppendAsync(IncidentChange.For(incident) with
        {
            Outbox = [new OutboxMessage { Id = Guid.NewGuid(), Tenant = TenantId.Default, Incident = incident.Id, Kind = "test", Payload = "{}", IdempotencyKey = "k", CreatedAt = opened }],
        }, Token);

        var result = await CheckAsync(store, store, BeatAt(Now));

        Assert.Equal(expected, result.Status);
        Assert.Equal((double)secondsOld, result.Data["outbox.lag_seconds"]);
    }

    [Fact]
    public async Task Check_StoreThrows_IsUnhealthyWithTheException()
    {
        var store = new InMemoryIncidentStore(new FakeClock(Now));

        var result = await CheckAsync(new BrokenStore(), store, BeatAt(Now));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<TimeoutException>(result.Exception);
        Assert.Contains("unreachable", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddIncidentKitHealthCheck_InAHost_ReportsThroughTheHealthCheckService()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddIncidentKit().UseInMemoryStore();
        builder.Services.AddHealthChecks().AddIncidentKitHealthCheck(tags: ["ready"]);
        using var host = builder.Build();
        await host.StartAsync(Token);
        await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);
        await host.StopAsync(Token);

        var entry = report.Entries["incidentkit"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains("ready", entry.Tags);
    }

    private sealed class BrokenStore : IIncidentStore
    {
        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("connection timed out");

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("connection timed out");

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("connection timed out");
    }
}
