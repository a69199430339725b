using System.Reflection;
using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Tests.Alerts;

// A host's own alert store that keeps no due checks (IDueCheckStore): heartbeats fall back to the group checks.
public sealed class HeartbeatWithoutDueChecksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckDueAsync_StoreWithoutDueChecks_StillOpensAMissedHeartbeatAndPingResolves()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 7, 2, 0));
        var inner = new InMemoryIncidentStore(clock);
        var alerts = AlertsOnly.Over(inner);
        Assert.False(alerts is IDueCheckStore);
        var tenant = new TenantId("acme");
        var monitor = new HeartbeatMonitor(tenant, "nightly-backup", Duration.FromMinutes(10), Duration.FromMinutes(1));
        var processor = new AlertProcessor(alerts, new IncidentService(inner, clock), clock, heartbeats: [monitor]);
        await processor.PingAsync(tenant, monitor.Name, Ct);
        await processor.ProcessPendingAsync("node-1", 10, Ct);

        clock.Advance(Duration.FromMinutes(11));
        Assert.Equal(0, await processor.RunHeartbeatChecksAsync("node-1", 10, Ct));
        Assert.Equal(1, await processor.CheckDueAsync(100, Ct));

        var all = await inner.ListAsync(tenant, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, Ct);
        Assert.Equal("Heartbeat missed: nightly-backup", Assert.Single(all.Items).Title);
        Assert.Null(await inner.FindDueOrNullAsync(tenant, monitor.CheckId, Ct));
    }

    // Forwards every IAlertStore member to the in-memory store, and is nothing else.
    public class AlertsOnly : DispatchProxy
    {
        private InMemoryIncidentStore _inner = null!;

        public static IAlertStore Over(InMemoryIncidentStore inner)
        {
            var proxy = Create<IAlertStore, AlertsOnly>();
            ((AlertsOnly)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                return null;
            }
        }
    }
}
