using IncidentKit.Automations;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// Two workers on one store with a 30 s lease: worker A is deliberately slow on an incident's threshold (it blocks inside its
// automation), worker B sweeps meanwhile. The store keeps its own clock (the database's); each worker has its own.
public sealed class LeaseRenewalTests
{
    private static readonly Duration Threshold = Duration.FromMinutes(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_WorkOutlastsTheLease_RenewsItSoNoOtherWorkerActsAndTheEffectHappensOnce()
    {
        await using var scene = await Scene.StartAsync();
        var incident = await scene.OpenAsync();
        await scene.StartSlowWorkAsync();

        // A acts for two lease lengths; its renewals (every 10 s of its clock) keep the claim while the store's clock moves on.
        for (var i = 0; i < 6; i++)
        {
            scene.StoreTime.Advance(TimeSpan.FromSeconds(10));
            scene.TimeA.Advance(TimeSpan.FromSeconds(10));
            await scene.Store.Renewed.WaitAsync(TimeSpan.FromSeconds(2), Token);
        }

        await scene.SweepBAsync(TimeSpan.FromSeconds(120));
        await scene.FinishSlowWorkAsync();
        await scene.SweepBAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, scene.Pager.Pages);
        var notes = (await scene.Store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<WorkNoteAdded>().ToList();
        Assert.Equal([incident.OpenedAt + Threshold], notes.Select(n => n.At));
        Assert.Null(await scene.Store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token));
    }

    [Fact]
    public async Task Sweep_LeaseLapsedWhileActing_StopsWithoutWritingAndTheNextHolderRecordsOnce()
    {
        await using var scene = await Scene.StartAsync();
        var incident = await scene.OpenAsync();
        await scene.StartSlowWorkAsync();

        // A's process is paused (its clock does not move, so it cannot renew) while the lease lapses by the store's clock; when A
        // resumes, its renewal is refused and it must not write.
        scene.StoreTime.Advance(TimeSpan.FromSeconds(31));
        scene.TimeA.Advance(TimeSpan.FromSeconds(10));
        await scene.Store.Refused.WaitAsync(TimeSpan.FromSeconds(5), Token);
        await scene.WorkOfACancelledAsync();
        await scene.FinishSlowWorkAsync();
        var afterA = await scene.Store.ReadAsync(TenantId.Default, incident.Id, 0, Token);
        await scene.SweepBAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(1, afterA.Version);
        var notes = (await scene.Store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<WorkNoteAdded>().ToList();
        Assert.Equal([incident.OpenedAt + Threshold], notes.Select(n => n.At));
    }

    // Pages "externally" (a counter) and records that it did, the first time the threshold has passed; the slow instance blocks
    // first. Reads what was done from the incident's events, as every automation must.
    private sealed class PagingAutomation(Pager pager, bool slow) : IIncidentAutomation
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Release { get; } = new(false);

        public DueWork? Run(Incident incident, Instant now)
        {
            var due = incident.OpenedAt + Threshold;
            if (incident.Events.OfType<WorkNoteAdded>().Any())
            {
                return null;
            }

            if (due > now)
            {
                return new DueWork(due, DueWorkKind.SlaThreshold);
            }

            if (slow)
            {
                Reached.TrySetResult();
                Release.Wait(Token);
            }

            Interlocked.Increment(ref pager.PagesField);
            incident.AddWorkNote("paged the on-call engineer", due, UserId.System);
            return null;
        }
    }

    private sealed class Pager
    {
        public int PagesField;

        public int Pages => Volatile.Read(ref PagesField);
    }

    private sealed class Scene : IAsyncDisposable
    {
        private readonly PagingAutomation _slow;
        private readonly IHost _a;
        private readonly IHost _b;
        private CancellationToken _workOfA;

        private Scene(FakeTimeProvider storeTime, ProbeStore store, Pager pager, PagingAutomation slow, FakeTimeProvider timeA, FakeTimeProvider timeB, IHost a, IHost b)
        {
            (StoreTime, Store, Pager, _slow, TimeA, TimeB, _a, _b) = (storeTime, store, pager, slow, timeA, timeB, a, b);
        }

        public FakeTimeProvider StoreTime { get; }

        public ProbeStore Store { get; }

        public Pager Pager { get; }

        public FakeTimeProvider TimeA { get; }

        public FakeTimeProvider TimeB { get; }

        public static async Task<Scene> StartAsync()
        {
            var storeTime = new FakeTimeProvider(WorkerHarness.Start);
            var store = new ProbeStore(new InMemoryIncidentStore(storeTime.ToClockForTests()));
            var pager = new Pager();
            var slow = new PagingAutomation(pager, slow: true);
            var timeA = new FakeTimeProvider(WorkerHarness.Start);
            var timeB = new FakeTimeProvider(WorkerHarness.Start);
            var a = Build(timeA, store, "A", slow);
            var b = Build(timeB, store, "B", new PagingAutomation(pager, slow: false));
            var scene = new Scene(storeTime, store, pager, slow, timeA, timeB, a, b);
            foreach (var host in new[] { a, b })
            {
                await host.StartAsync(Token);
                await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
            }

            return scene;
        }

        public Task<Incident> OpenAsync() =>
            new IncidentService(Store, StoreTime.ToClockForTests(), new IncidentServiceOptions { Automations = { new ThresholdAutomation(Threshold) } })
                .OpenAsync(TenantId.Default, new NewIncident { Title = "Payments failing", Impact = Impact.High, Urgency = Urgency.High }, new UserId("alice"), cancellationToken: Token);

        // Worker A claims the incident at its threshold and blocks inside it.
        public async Task StartSlowWorkAsync()
        {
            StoreTime.Advance(Threshold.ToTimeSpan() + TimeSpan.FromSeconds(1));
            TimeA.Advance(Threshold.ToTimeSpan() + TimeSpan.FromSeconds(1));
            await _slow.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
            _workOfA = Store.LastReadToken;
        }

        // Waits until A's lease keeper has acted on the refused renewal (the store answers the keeper before it cancels the work).
        public async Task WorkOfACancelledAsync()
        {
            var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_workOfA.Register(() => cancelled.TrySetResult()))
            {
                await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Token);
            }
        }

        public async Task FinishSlowWorkAsync()
        {
            var heartbeat = _a.Services.GetRequiredService<WorkerHeartbeat>();
            var beats = heartbeat.Count;
            _slow.Release.Set();
            await heartbeat.WaitForBeatAsync(beats, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }

        public async Task SweepBAsync(TimeSpan by)
        {
            var heartbeat = _b.Services.GetRequiredService<WorkerHeartbeat>();
            var beats = heartbeat.Count;
            TimeB.Advance(by);
            await heartbeat.WaitForBeatAsync(beats, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }

        public async ValueTask DisposeAsync()
        {
            _slow.Release.Set();
            foreach (var host in new[] { _a, _b })
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }

        private static IHost Build(FakeTimeProvider time, ProbeStore store, string name, PagingAutomation automation) =>
            WorkerHarness.Build(time, o => { o.WorkerName = name; o.LeaseDuration = TimeSpan.FromSeconds(30); o.AutoCloseResolvedAfter = null; },
                b => b.UseStore(_ => store), automation);
    }

    // The in-memory store, passed through, with a signal per lease renewal so the test knows a renewal has landed before it moves
    // the store's clock on.
    internal sealed class ProbeStore(InMemoryIncidentStore inner) : IIncidentKitStore
    {
        public SemaphoreSlim Renewed { get; } = new(0);

        public SemaphoreSlim Refused { get; } = new(0);

        // The token of the last read: a worker's run reads the incident under a token its lease keeper cancels when the lease is lost.
        public CancellationToken LastReadToken { get; private set; }

        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
        {
            LastReadToken = cancellationToken;
            return inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);
        }

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) => inner.AppendAsync(change, cancellationToken);

        public ValueTask<DueWork?> FindDueOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default) =>
            inner.FindDueOrNullAsync(tenant, incident, cancellationToken);

        public ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimDueAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default) =>
            inner.ClaimDueAsync(owner, leaseDuration, maxItems, cancellationToken);

        public ValueTask<bool> CompleteDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default) => inner.CompleteDueAsync(claim, cancellationToken);

        public ValueTask<bool> ReleaseDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default) => inner.ReleaseDueAsync(claim, cancellationToken);

        public async ValueTask<ClaimedDueWork?> RenewDueAsync(ClaimedDueWork claim, Duration leaseDuration, CancellationToken cancellationToken = default)
        {
            var renewed = await inner.RenewDueAsync(claim, leaseDuration, cancellationToken);
            (renewed is null ? Refused : Renewed).Release();
            return renewed;
        }

        public ValueTask<IReadOnlyList<OutboxMessage>> ListOutboxAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default) =>
            inner.ListOutboxAsync(tenant, maxItems, cancellationToken);

        public ValueTask<IReadOnlyList<ClaimedOutboxMessage>> ClaimOutboxAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default) =>
            inner.ClaimOutboxAsync(owner, leaseDuration, maxItems, cancellationToken);

        public ValueTask<bool> CompleteOutboxAsync(ClaimedOutboxMessage claim, CancellationToken cancellationToken = default) => inner.CompleteOutboxAsync(claim, cancellationToken);

        public ValueTask<bool> FailOutboxAsync(ClaimedOutboxMessage claim, Instant retryAt, string? reason, CancellationToken cancellationToken = default) =>
            inner.FailOutboxAsync(claim, retryAt, reason, cancellationToken);
    }
}
