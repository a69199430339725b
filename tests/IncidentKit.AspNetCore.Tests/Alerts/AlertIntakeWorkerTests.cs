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
