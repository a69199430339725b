using System.Collections.Concurrent;
using System.Diagnostics;
using IncidentKit.Hosting.Tests.Worker;
using IncidentKit.Hosting.Worker;
using IncidentKit.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Hosting.Tests;

// The spans on the "IncidentKit" ActivitySource and the worker's [LoggerMessage] logs, observed as an exporter and a logging
// provider would see them. Other tests run in parallel in this process, so everything is filtered by this test's own worker
// name and incident id.
public sealed class IncidentKitDiagnosticsTests
{
    private const string Policies = """
        { "policies": [ { "name": "standard", "targets": { "P1": { "response": "15m", "resolution": "4h" } } } ] }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_RecordsABreach_EmitsSweepAutomateAndAppendSpansAndItsLogs()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "IncidentKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var worker = $"telemetry-{Guid.NewGuid():N}";
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = WorkerHarness.Build(time, o => { o.WorkerName = worker; o.SlaPolicies = SlaPolicySet.FromJson(Policies); }, b =>
        {
            b.Services.AddFakeLogging();
            b.Services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Debug);
        });
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);

        var incident = await host.Services.GetRequiredService<IncidentKit.Incidents.IncidentService>().OpenAsync(TenantId.Default,
            new IncidentKit.Incidents.NewIncident { Title = "Checkout is down", Impact = Prioritization.Impact.High, Urgency = Prioritization.Urgency.High },
            new UserId("alice"), cancellationToken: Token);
        var beats = heartbeat.Count;
        time.Advance(TimeSpan.FromMinutes(20));
        await heartbeat.WaitForBeatAsync(beats, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        await host.StopAsync(Token);

        var id = incident.Id.ToString();
        var mine = spans.Where(s => Equals(s.GetTagItem("incidentkit.incident.id"), id)).ToList();
        var appends = mine.Where(s => s.OperationName == "incidentkit.incident.append").ToList();
        Assert.Equal(2, appends.Count); // the opening, then the worker's breach
        Assert.All(appends, a => Assert.Equal(TenantId.Default.Value, a.GetTagItem("incidentkit.tenant.id")));
        Assert.Equal(1, appends[0].GetTagItem("incidentkit.events.count"));
        var automate = Assert.Single(mine, s => s.OperationName == "incidentkit.worker.automate");
        Assert.Equal("SlaThreshold", automate.GetTagItem("incidentkit.due.kind"));
        var recordedCount = Assert.IsType<int>(automate.GetTagItem("incidentkit.events.count"));
        Assert.True(recordedCount >= 1);
        Assert.Equal(recordedCount, appends[1].GetTagItem("incidentkit.events.count"));
        Assert.Equal(ActivityStatusCode.Unset, automate.Status);
        // The worker's append is a child of its automate span, which is a child of the sweep that claimed the incident.
        Assert.Equal(automate.SpanId, appends[1].ParentSpanId);
        var sweep = Assert.Single(spans, s => s.SpanId == automate.ParentSpanId);
        Assert.Equal("incidentkit.worker.sweep", sweep.OperationName);
        Assert.Equal(worker, sweep.GetTagItem("incidentkit.worker.name"));
        Assert.Equal(1, sweep.GetTagItem("incidentkit.worker.claimed.count"));

        var logs = host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var started = Assert.Single(logs, l => l.Id.Id == 1 && l.Category == typeof(IncidentKitWorker).FullName);
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Equal(worker, started.GetStructuredStateValue("Worker"));
        var recorded = Assert.Single(logs, l => l.Id.Id == 4 && l.GetStructuredStateValue("Incident") == id);
        Assert.Equal(recordedCount.ToString(System.Globalization.CultureInfo.InvariantCulture), recorded.GetStructuredStateValue("Count"));
        Assert.Single(logs, l => l.Id.Id == 3 && l.GetStructuredStateValue("Worker") == worker && l.Level == LogLevel.Debug);
        Assert.Single(logs, l => l.Id.Id == 2 && l.GetStructuredStateValue("Worker") == worker);
    }

    [Fact]
    public async Task Worker_NothingToPlan_WarnsThatNoTimerFires()
    {
        var worker = $"idle-{Guid.NewGuid():N}";
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = WorkerHarness.Build(time, o => { o.WorkerName = worker; o.AutoCloseResolvedAfter = null; }, b => b.Services.AddFakeLogging());
        await host.StartAsync(Token);
        await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
        await host.StopAsync(Token);

        var warning = Assert.Single(host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot(), l => l.Id.Id == 12);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(worker, warning.GetStructuredStateValue("Worker"));
        Assert.Contains("no timer fires", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_StoreFails_SpanCarriesErrorTypeAndErrorStatus()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "IncidentKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var metrics = new IncidentKitMetrics(null);
        var store = new InstrumentedIncidentStore(new FailingStore(), metrics);
        var incident = new IncidentKit.Testing.IncidentBuilder().WithTitle("Disk full").WithPriority(Prioritization.Impact.Low, Prioritization.Urgency.Low)
            .OpenedAt(NodaTime.Instant.FromUtc(2026, 3, 2, 9, 0), new UserId("alice")).BuildUncommitted();

        await Assert.ThrowsAsync<TimeoutException>(async () => await store.AppendAsync(IncidentKit.Storage.IncidentChange.For(incident), Token));

        var span = Assert.Single(spans, s => Equals(s.GetTagItem("incidentkit.incident.id"), incident.Id.ToString()));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(TimeoutException).FullName, span.GetTagItem("error.type"));
    }

    private sealed class FailingStore : IncidentKit.Storage.IIncidentKitStore
    {
        private readonly IncidentKit.Storage.InMemoryIncidentStore _inner = new();

        public ValueTask<IncidentKit.Storage.AppendResult> AppendAsync(IncidentKit.Storage.IncidentChange change, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("the database did not answer");

        public ValueTask<IncidentKit.Storage.IncidentHistory> ReadAsync(TenantId tenant, IncidentKit.Incidents.IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);

        public ValueTask<IncidentKit.Storage.IncidentPage> ListAsync(TenantId tenant, IncidentKit.Storage.IncidentQuery query, CancellationToken cancellationToken = default) =>
            _inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<IncidentKit.Storage.DueWork?> FindDueOrNullAsync(TenantId tenant, IncidentKit.Incidents.IncidentId incident, CancellationToken cancellationToken = default) =>
            _inner.FindDueOrNullAsync(tenant, incident, cancellationToken);

        public ValueTask<IReadOnlyList<IncidentKit.Storage.ClaimedDueWork>> ClaimDueAsync(string owner, NodaTime.Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default) =>
            _inner.ClaimDueAsync(owner, leaseDuration, maxItems, cancellationToken);

        public ValueTask<bool> CompleteDueAsync(IncidentKit.Storage.ClaimedDueWork claim, CancellationToken cancellationToken = default) =>
            _inner.CompleteDueAsync(claim, cancellationToken);

        public ValueTask<IncidentKit.Storage.ClaimedDueWork?> RenewDueAsync(IncidentKit.Storage.ClaimedDueWork claim, NodaTime.Duration leaseDuration, CancellationToken cancellationToken = default) =>
            _inner.RenewDueAsync(claim, leaseDuration, cancellationToken);

        public ValueTask<bool> ReleaseDueAsync(IncidentKit.Storage.ClaimedDueWork claim, CancellationToken cancellationToken = default) =>
            _inner.ReleaseDueAsync(claim, cancellationToken);

        public ValueTask<IReadOnlyList<IncidentKit.Storage.OutboxMessage>> ListOutboxAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default) =>
            _inner.ListOutboxAsync(tenant, maxItems, cancellationToken);

        public ValueTask<IReadOnlyList<IncidentKit.Storage.ClaimedOutboxMessage>> ClaimOutboxAsync(string owner, NodaTime.Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default) =>
            _inner.ClaimOutboxAsync(owner, leaseDuration, maxItems, cancellationToken);

        public ValueTask<bool> CompleteOutboxAsync(IncidentKit.Storage.ClaimedOutboxMessage claim, CancellationToken cancellationToken = default) =>
            _inner.CompleteOutboxAsync(claim, cancellationToken);

        public ValueTask<bool> FailOutboxAsync(IncidentKit.Storage.ClaimedOutboxMessage claim, NodaTime.Instant retryAt, string? reason, CancellationToken cancellationToken = default) =>
            _inner.FailOutboxAsync(claim, retryAt, reason, cancellationToken);
    }
}
