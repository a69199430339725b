using IncidentKit.Alerts;
using IncidentKit.Incidents;
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
        // One decision for the round: saved with its actions queued, then without them (one by one it was 2 saves per alert).
        var route = h.Processor.Routes.Route(alerts[0], Tenant);
        var group = await h.Store.FindGroupOrNullAsync(Tenant, AlertRoutingTable.GroupKey(route, alerts[0]), Ct);
        Assert.Equal(2, group!.Version);
    }

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
}
