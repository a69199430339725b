using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Storage.Conformance;

/// <summary>Runs a heartbeat monitor on two nodes (each its own store instance and processor over one database) and checks that a
/// missed heartbeat is acted on by exactly one node (the due check's lease), opens one incident, and that the next ping resolves it.</summary>
public static class HeartbeatNodes
{
    /// <summary>Pings, lets the heartbeat lapse, has both nodes run their heartbeat checks at once several times, then pings again.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="clock">The clock both stores measure with.</param>
    /// <param name="first">The first node's store.</param>
    /// <param name="second">The second node's store, over the same database.</param>
    /// <returns>A task that completes when the checks passed.</returns>
    public static async Task MissedHeartbeatOpensOnceAndPingResolvesAsync<TStore>(FakeClock clock, TStore first, TStore second)
        where TStore : IIncidentStore, IAlertStore, IDueWorkStore
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var ct = TestContext.Current.CancellationToken;
        var tenant = new TenantId("acme");
        var monitor = new HeartbeatMonitor(tenant, "nightly-backup", Duration.FromMinutes(10), Duration.FromMinutes(1));
        var nodes = new[] { first, second }.Select(s => new AlertProcessor(s, new IncidentService(s, clock), clock, heartbeats: [monitor])).ToList();
        Assert.True(await nodes[0].PingAsync(tenant, monitor.Name, ct));
        await nodes[1].ProcessPendingAsync("node-1", 10, ct);

        Assert.Equal(clock.GetCurrentInstant() + Duration.FromMinutes(11), (await first.FindDueOrNullAsync(tenant, monitor.CheckId, ct))?.DueAt);

        clock.Advance(Duration.FromMinutes(11) + Duration.FromSeconds(1));
        var acted = new int[nodes.Count];
        for (var round = 0; round < 3; round++)
        {
            var counts = await Task.WhenAll(nodes.Select((n, i) => Task.Run(() => n.RunHeartbeatChecksAsync($"node-{i}", 100, ct), ct)));
            for (var i = 0; i < counts.Length; i++)
            {
                acted[i] += counts[i];
            }

            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.CheckDueAsync(100, ct), ct)));
        }

        // Exactly one node acted on the missed heartbeat: the other found the check leased, then gone.
        Assert.Equal(1, acted.Sum());
        Assert.Null(await first.FindDueOrNullAsync(tenant, monitor.CheckId, ct));

        var service = new IncidentService(first, clock);
        var summary = Assert.Single((await first.ListAsync(tenant, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, ct)).Items);
        var missed = (await service.FindOrNullAsync(tenant, summary.Id, ct))!;
        Assert.Equal(("Heartbeat missed: nightly-backup", IncidentState.New), (missed.Title, missed.State));
        Assert.Single(missed.Events.OfType<IncidentOpened>());

        clock.Advance(Duration.FromMinutes(2));
        await nodes[1].PingAsync(tenant, monitor.Name, ct);
        await Task.WhenAll(nodes.Select((n, i) => Task.Run(() => n.ProcessPendingAsync($"node-{i}", 10, ct), ct)));
        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.CheckDueAsync(100, ct), ct)));

        var resolved = (await service.FindOrNullAsync(tenant, summary.Id, ct))!;
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Single((await first.ListAsync(tenant, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, ct)).Items);
        Assert.Single(resolved.Events.OfType<IncidentOpened>());
    }
}
