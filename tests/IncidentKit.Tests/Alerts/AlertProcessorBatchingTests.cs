using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.Alerts.AlertIntakeHarness;

namespace IncidentKit.Tests.Alerts;

// The processor decides each group's records of one round together and different groups concurrently (AlertProcessor.Batching.cs).
public sealed class AlertProcessorBatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessPendingAsync_StormOfOneGroupInOneRound_SavesTheGroupStateOnceAndLinksEveryAlert()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();
        var alerts = Enumerable.Range(0, 100).Select(i => Firing($"fp{i}", "ApiDown", start)).ToArray();

        await h.DeliverAsync(alerts);

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(100, incident.LinkedAlerts.Distinct().Count());
        Assert.Equal(1, await h.PagesAsync());
        // One decision for the round, saved once with its actions (one open, 100 links) queued: they are idempotent, so they need
        // no second save to clear them (one by one it was 2 saves per alert; batched, 2 per round).
        Assert.Equal(1, (await GroupOfAsync(h, alerts[0]))!.Version);
    }

    [Fact]
    public async Task ProcessPendingAsync_RoundLargerThanOneClaim_DecidesEachGroupOnceForTheWholeRound()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();
        var alerts = Enumerable.Range(0, 2500).Select(i => Firing($"fp{i}", i % 2 == 0 ? "ApiDown" : "DiskFull", start)).ToArray();
        await h.Processor.ReceiveAsync(Tenant, alerts, Ct);

        // The store hands out at most 1 000 records per claim; the round takes three claims and decides on all 2 500 together.
        Assert.Equal(2500, await h.Processor.ProcessPendingAsync("big-round", AlertProcessor.MaxRecordsPerRound, Ct));

        Assert.Equal(1, (await GroupOfAsync(h, alerts[0]))!.Version);
        Assert.Equal(1, (await GroupOfAsync(h, alerts[1]))!.Version);
        foreach (var summary in await h.AllIncidentsAsync())
        {
            Assert.Equal(1250, (await h.Incidents.FindOrNullAsync(Tenant, summary.Id, Ct))!.LinkedAlerts.Distinct().Count());
        }

        Assert.All(await h.Store.ListReceivedAsync(Tenant, 10_000, Ct), r => Assert.True(r.Processed));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Processor.ProcessPendingAsync("too-big", AlertProcessor.MaxRecordsPerRound + 1, Ct));
    }

    [Fact]
    public async Task ProcessPendingAsync_RoundOfManyGroups_DecidesAtMostFourGroupsAtOnce()
    {
        var h = new AlertIntakeHarness();
        var counting = new ConcurrencyCountingStore(h.Store);
        var processor = new AlertProcessor(counting, h.Incidents, h.Clock, h.Processor.Routes);
        var start = h.Clock.GetCurrentInstant();
        await processor.ReceiveAsync(Tenant, [.. Enumerable.Range(0, 40).Select(i => Firing($"fp{i}", $"Alert{i % 20}", start))], Ct);

        // Twenty groups in one wave: deciding all of them at once made a storm's round a burst of CPU work ahead of the intake.
        Assert.Equal(40, await processor.ProcessPendingAsync("node", 100, Ct));

        Assert.Equal(20, (await h.AllIncidentsAsync()).Count);
        Assert.InRange(counting.MostSavesAtOnce, 1, 4);
    }

    [Fact]
    public async Task ProcessPendingAsync_NodesTakingTurnsOnAGroup_EachDecidesOnTheOtherOnesLatestSave()
    {
        var h = new AlertIntakeHarness();
        var other = new AlertProcessor(h.Store, h.Incidents, h.Clock, h.Processor.Routes);
        var start = h.Clock.GetCurrentInstant();

        // Each node keeps the state it saved last; a round of the other node in between must make it decide on the stored state,
        // and the links the other node left queued are applied again without effect.
        for (var round = 0; round < 6; round++)
        {
            await h.Processor.ReceiveAsync(Tenant, [.. Enumerable.Range(0, 10).Select(i => Firing($"r{round}-{i}", "ApiDown", start))], Ct);
            Assert.Equal(10, await (round % 3 == 2 ? other : h.Processor).ProcessPendingAsync("node", 100, Ct));
        }

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(60, incident.LinkedAlerts.Count);
        Assert.Equal(60, incident.LinkedAlerts.Distinct().Count());
        Assert.Equal(1, await h.PagesAsync());
        var group = AlertSerializer.FromRecord((await GroupOfAsync(h, Firing("r0-0", "ApiDown", start)))!);
        Assert.Equal(60, group.Alerts.Count);
        Assert.Equal(6, (await GroupOfAsync(h, Firing("r0-0", "ApiDown", start)))!.Version);
    }

    [Fact]
    public async Task ProcessPendingAsync_ResolveAfterARoundOfLinks_ClearsTheQueuedLinksAndResolvesOnce()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();
        var alerts = Enumerable.Range(0, 3).Select(i => Firing($"fp{i}", "ApiDown", start)).ToArray();
        await h.DeliverAsync(alerts);

        await h.DeliverAsync([.. alerts.Select(Resolved)]);

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(IncidentState.Resolved, incident.State);
        var group = AlertSerializer.FromRecord((await GroupOfAsync(h, alerts[0]))!);
        Assert.Empty(group.Pending);
        Assert.Equal(3, incident.LinkedAlerts.Count);
    }

    [Fact]
    public async Task ProcessPendingAsync_LinkedAlerts_LabelsMoveFromTheGroupStateToTheLinks()
    {
        var h = new AlertIntakeHarness();
        var now = h.Clock.GetCurrentInstant();
        h.Processor.Silences = new SilenceSet([MaintenanceWindow.Once("mw1", Tenant, ["instance=\"silenced\""], now - Duration.FromMinutes(1),
            now + Duration.FromMinutes(30), new UserId("user:ops"), "host upgrade")]);
        Alert On(string fingerprint, string instance) => Firing(fingerprint, "ApiDown", now) with
        {
            Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["service"] = "api", ["instance"] = instance },
        };

        await h.DeliverAsync(On("fp1", "web-1"), On("fp2", "silenced"));

        // The state is saved every round and lists every alert of the group: a linked alert's labels are in its AlertLinked event and
        // not repeated there; a silenced one keeps them until it is linked when its window ends.
        var state = AlertSerializer.FromRecord((await GroupOfAsync(h, On("fp1", "web-1")))!);
        Assert.Null(state.Alerts["fp1"].Labels);
        Assert.Equal("silenced", state.Alerts["fp2"].Labels!["instance"]);
        h.Clock.Advance(Duration.FromMinutes(30));
        await h.Processor.CheckDueAsync(100, Ct);
        state = AlertSerializer.FromRecord((await GroupOfAsync(h, On("fp1", "web-1")))!);
        Assert.Null(state.Alerts["fp2"].Labels);
        var links = (await h.OnlyIncidentAsync()).Events.OfType<AlertLinked>().ToDictionary(l => l.AlertKey, l => l.AlertLabels!["instance"]);
        Assert.Equal(new Dictionary<string, string> { ["alertmanager:fp1"] = "web-1", ["alertmanager:fp2"] = "silenced" }, links);
    }

    private static ValueTask<AlertGroupRecord?> GroupOfAsync(AlertIntakeHarness h, Alert alert) =>
        h.Store.FindGroupOrNullAsync(Tenant, AlertRoutingTable.GroupKey(h.Processor.Routes.Route(alert, Tenant), alert), Ct);

    [Theory]
    [InlineData("fire a, fire b, resolve a, resolve b")]
    [InlineData("fire a, resolve a, fire c, fire b, resolve b")]
    [InlineData("fire a, fire x, resolve a, fire b, resolve x")]
    public async Task ProcessPendingAsync_OneRound_EndsAsProcessingOneByOneDoes(string script)
    {
        var batched = new AlertIntakeHarness();
        var oneByOne = new AlertIntakeHarness();
        var alerts = Script(script, batched.Clock.GetCurrentInstant());
        await batched.Processor.ReceiveAsync(Tenant, alerts, Ct);
        await oneByOne.Processor.ReceiveAsync(Tenant, alerts, Ct);

        Assert.Equal(alerts.Length, await batched.Processor.ProcessPendingAsync("batched", 1000, Ct));
        while (await oneByOne.Processor.ProcessPendingAsync("single", 1, Ct) > 0)
        {
        }

        Assert.Equal(await DescribeAsync(oneByOne), await DescribeAsync(batched));
    }

    [Fact]
    public async Task ProcessPendingAsync_CrashInsideARound_ProcessingAgainLosesNothingAndOpensEachIncidentOnce()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();
        var alerts = Enumerable.Range(0, 60).Select(i => Firing($"fp{i}", i % 2 == 0 ? "ApiDown" : "DiskFull", start)).ToArray();
        await h.Processor.ReceiveAsync(Tenant, alerts, Ct);

        // The node dies at its third incident append (after opening both incidents, at the first links): what it did not finish stays
        // in the inbox, and its lease lapses.
        var crashing = new AlertProcessor(h.Store, new IncidentService(new CrashingStore(h.Store, 3), h.Clock), h.Clock, h.Processor.Routes);
        await Assert.ThrowsAnyAsync<Exception>(() => crashing.ProcessPendingAsync("crashed", 1000, Ct));
        h.Clock.Advance(Duration.FromMinutes(1));
        while (await h.Processor.ProcessPendingAsync("survivor", 1000, Ct) > 0)
        {
        }

        var incidents = await h.AllIncidentsAsync();
        Assert.Equal(2, incidents.Count);
        foreach (var summary in incidents)
        {
            var incident = (await h.Incidents.FindOrNullAsync(Tenant, summary.Id, Ct))!;
            Assert.Equal(30, incident.LinkedAlerts.Count);
            Assert.Equal(30, incident.LinkedAlerts.Distinct().Count());
        }

        Assert.Equal(2, await h.PagesAsync());
        Assert.All(await h.Store.ListReceivedAsync(Tenant, 1000, Ct), r => Assert.True(r.Processed));
    }

    // "fire a" / "resolve a": alert a (alertname from its letter: a-m → ApiDown, n-z → DiskFull) fires or resolves.
    private static Alert[] Script(string script, Instant start) =>
        [.. script.Split(',', StringSplitOptions.TrimEntries).Select(step =>
        {
            var (verb, name) = (step.Split(' ')[0], step.Split(' ')[1]);
            var alertname = name[0] < 'n' ? "ApiDown" : "DiskFull";
            var firing = Firing("fp-" + name, alertname, start, summary: alertname);
            return verb == "fire" ? firing : Resolved(firing);
        })];

    private static async Task<string> DescribeAsync(AlertIntakeHarness h)
    {
        var lines = new List<string>();
        foreach (var summary in (await h.AllIncidentsAsync()).OrderBy(s => s.Title, StringComparer.Ordinal).ThenBy(s => s.Id.ToString(), StringComparer.Ordinal))
        {
            var incident = (await h.Incidents.FindOrNullAsync(Tenant, summary.Id, Ct))!;
            lines.Add($"{incident.Title} {incident.State} [{string.Join(' ', incident.LinkedAlerts)}] {incident.Resolution?.Code}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    // The incident store of a node that dies at its Nth append: that append and every later call fail.
    private sealed class CrashingStore(IIncidentStore inner, int crashAt) : IIncidentStore
    {
        private int _appends;

        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
            Volatile.Read(ref _appends) >= crashAt ? throw new IOException("The node died.") : inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _appends) >= crashAt ? throw new IOException("The node died.") : inner.AppendAsync(change, cancellationToken);
    }

    // Forwards to the in-memory store; each group save stays in flight for a moment so that concurrent ones overlap.
    private sealed class ConcurrencyCountingStore(IAlertStore inner) : IAlertStore
    {
        private int _inFlight;
        private int _most;

        public int MostSavesAtOnce => Volatile.Read(ref _most);

        public async ValueTask<bool> SaveGroupAsync(AlertGroupRecord group, long expectedVersion, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            try
            {
                await Task.Delay(20, cancellationToken);
                return await inner.SaveGroupAsync(group, expectedVersion, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public ValueTask<AlertReceipt> ReceiveAsync(AlertReceived received, CancellationToken cancellationToken = default) => inner.ReceiveAsync(received, cancellationToken);

        public ValueTask<IReadOnlyList<AlertReceived>> ListReceivedAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default) =>
            inner.ListReceivedAsync(tenant, maxItems, cancellationToken);

        public ValueTask<IReadOnlyList<ClaimedAlert>> ClaimReceivedAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default) =>
            inner.ClaimReceivedAsync(owner, leaseDuration, maxItems, cancellationToken);

        public ValueTask<bool> CompleteReceivedAsync(ClaimedAlert claim, CancellationToken cancellationToken = default) => inner.CompleteReceivedAsync(claim, cancellationToken);

        public ValueTask<AlertGroupRecord?> FindGroupOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default) =>
            inner.FindGroupOrNullAsync(tenant, groupKey, cancellationToken);

        public ValueTask<IReadOnlyList<AlertGroupRecord>> ListDueGroupsAsync(Instant now, int maxItems, CancellationToken cancellationToken = default) =>
            inner.ListDueGroupsAsync(now, maxItems, cancellationToken);

        public ValueTask SaveIntegrationKeyAsync(IntegrationKey key, CancellationToken cancellationToken = default) => inner.SaveIntegrationKeyAsync(key, cancellationToken);

        public ValueTask<IntegrationKey?> FindIntegrationKeyOrNullAsync(string keyHash, CancellationToken cancellationToken = default) =>
            inner.FindIntegrationKeyOrNullAsync(keyHash, cancellationToken);

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
