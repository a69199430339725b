using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Alerts;
using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests.Alerts;

public sealed class AlertIntakeWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Round_AuthorizerDeniesTheSystemActor_LogsTheDenialAndOpensNothing()
    {
        var clock = SystemClock.Instance;
        var store = new InMemoryIncidentStore(clock);
        var tenant = new TenantId("acme");
        var processor = new AlertProcessor(store, new IncidentService(store, clock), clock,
            AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]))
        {
            Authorizer = new DenySystemAuthorizer(),
        };
        await processor.ReceiveAsync(tenant, [new Alert
        {
            Integration = AlertmanagerWebhook.Integration,
            Key = "fp1",
            Status = AlertStatus.Firing,
            Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown" },
            StartsAt = clock.GetCurrentInstant(),
            Summary = "API is down",
        }], Ct);
        var log = new RecordingLogger();
        using var signal = new AlertIntakeSignal();
        using var worker = new AlertIntakeWorker(processor, signal, new AlertEndpointOptions { PollInterval = TimeSpan.FromMilliseconds(100) }, log);

        await worker.StartAsync(Ct);
        var denial = await log.FirstAsync(TimeSpan.FromSeconds(20));
        await worker.StopAsync(Ct);

        Assert.Contains("denied Open", denial, StringComparison.Ordinal);
        Assert.Contains("acme", denial, StringComparison.Ordinal);
        Assert.Contains("intake is off", denial, StringComparison.Ordinal);
        Assert.Empty((await store.ListAsync(tenant, new IncidentQuery(), Ct)).Items);
        Assert.Single(await store.ListReceivedAsync(tenant, 10, Ct));
    }

    [Fact]
    public async Task Round_ProcessesRecords_RecordsARoundSpanWithTheirCount()
    {
        var clock = SystemClock.Instance;
        var store = new InMemoryIncidentStore(clock);
        var tenant = new TenantId("acme");
        var processor = new AlertProcessor(store, new IncidentService(store, clock), clock,
            AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]));
        const int Alerts = 7;
        await processor.ReceiveAsync(tenant, Enumerable.Range(0, Alerts).Select(i => new Alert
        {
            Integration = AlertmanagerWebhook.Integration,
            Key = $"fp{i}",
            Status = AlertStatus.Firing,
            Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["instance"] = $"host-{i}" },
            StartsAt = clock.GetCurrentInstant(),
            Summary = "API is down",
        }).ToList(), Ct);
        var round = new TaskCompletionSource<System.Diagnostics.Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "IncidentKit",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests' workers run in this process too: this one's round is the one with its count.
                if (activity.OperationName == "incidentkit.alerts.round" && activity.GetTagItem("incidentkit.alerts.processed.count") is Alerts)
                {
                    round.TrySetResult(activity);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        using var signal = new AlertIntakeSignal();
        using var worker = new AlertIntakeWorker(processor, signal, new AlertEndpointOptions { PollInterval = TimeSpan.FromMilliseconds(100) }, new RecordingLogger());

        await worker.StartAsync(Ct);
        var span = await round.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await worker.StopAsync(Ct);

        Assert.True(span.Duration > TimeSpan.Zero);
        Assert.Single((await store.ListAsync(tenant, new IncidentQuery(), Ct)).Items);
    }

    private sealed class DenySystemAuthorizer : IIncidentAuthorizer
    {
        public AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action) =>
            actor.Roles.Contains(IncidentRole.System) ? AuthorizationDecision.Deny("intake is off") : AuthorizationDecision.Allow;
    }

    private sealed class RecordingLogger : ILogger<AlertIntakeWorker>
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstAsync(TimeSpan timeout) => _first.Task.WaitAsync(timeout, Ct);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                _first.TrySetResult(formatter(state, exception));
            }
        }
    }
}
