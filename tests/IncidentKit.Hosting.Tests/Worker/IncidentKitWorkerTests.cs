using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

public sealed class IncidentKitWorkerTests
{
    private static readonly Duration Warning = Duration.FromMinutes(10);
    private static readonly Duration Breach = Duration.FromMinutes(20);

    [Fact]
    public async Task Sweep_ThresholdsPass_RecordsEachOnceAtItsDueInstant()
    {
        await using var worker = await WorkerHarness.StartAsync(null, new ThresholdAutomation(Warning, Breach));
        var incident = await worker.OpenAsync();

        for (var i = 0; i < 60; i++)
        {
            await worker.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        var notes = (await worker.LoadAsync(incident.Id)).Events.OfType<WorkNoteAdded>().ToList();
        Assert.Equal([ThresholdAutomation.Note(0), ThresholdAutomation.Note(1)], notes.Select(n => n.Text));
        Assert.Equal([incident.OpenedAt + Warning, incident.OpenedAt + Breach], notes.Select(n => n.At));
        Assert.All(notes, n => Assert.Equal(UserId.System, n.Actor));
    }

    [Fact]
    public async Task Sweep_BeforeTheFirstThreshold_RecordsNothingAndSchedulesIt()
    {
        await using var worker = await WorkerHarness.StartAsync(null, new ThresholdAutomation(Warning, Breach));
        var incident = await worker.OpenAsync();

        await worker.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, (await worker.LoadAsync(incident.Id)).Version);
        Assert.Equal(incident.OpenedAt + Warning, worker.Store.DueAtOrNull(TenantId.Default, incident.Id));
    }

    [Fact]
    public async Task Sweep_RecordedEvents_AreWrittenToTheOutboxWithTheirEventIds()
    {
        await using var worker = await WorkerHarness.StartAsync(null, new ThresholdAutomation(Warning));
        var incident = await worker.OpenAsync();

        await worker.AdvanceAsync(TimeSpan.FromMinutes(11));

        var note = (await worker.LoadAsync(incident.Id)).Events.OfType<WorkNoteAdded>().Single();
        var entry = Assert.Single(worker.Store.PeekOutbox());
        Assert.Equal((incident.Id, note.EventId, nameof(WorkNoteAdded), note.At), (entry.Incident, entry.EventId, entry.Kind, entry.At));
        Assert.Null(worker.Store.DueAtOrNull(TenantId.Default, incident.Id));
    }

    [Fact]
    public async Task Sweep_ResolvedIncident_ClosesItOnceAfterThePeriodAsTheSystem()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.AutoCloseResolvedAfter = TimeSpan.FromHours(1));
        var incident = await worker.OpenAsync();
        var resolved = await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id,
            (i, at) => i.Resolve("restart", "Restarted the pool", at, new UserId("alice")), TestContext.Current.CancellationToken);

        await worker.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Equal(IncidentState.Resolved, (await worker.LoadAsync(incident.Id)).State);

        await worker.AdvanceAsync(TimeSpan.FromMinutes(2));
        await worker.AdvanceAsync(TimeSpan.FromMinutes(2));

        var closed = await worker.LoadAsync(incident.Id);
        Assert.Equal(IncidentState.Closed, closed.State);
        var close = Assert.Single(closed.Events.OfType<IncidentClosed>());
        Assert.Equal((resolved.ResolvedAt!.Value + Duration.FromHours(1), UserId.System), (close.At, close.Actor));
    }

    [Fact]
    public async Task Sweep_UserChangeWhileScheduled_ReevaluatesAtOnce()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.AutoCloseResolvedAfter = TimeSpan.FromMinutes(1));
        var incident = await worker.OpenAsync();
        await worker.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Null(worker.Store.DueAtOrNull(TenantId.Default, incident.Id));

        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id,
            (i, at) => i.Resolve("config", "Fixed", at, new UserId("alice")), TestContext.Current.CancellationToken);
        await worker.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(WorkerHarness.Start.AddSeconds(5).ToInstant() + Duration.FromMinutes(1), worker.Store.DueAtOrNull(TenantId.Default, incident.Id));
    }

    [Fact]
    public async Task Restart_AfterDowntime_RecordsEachMissedThresholdOnceAtItsTrueInstantAndEscalatesOnceToTheLevelInForce()
    {
        var store = new InMemoryDueWorkStore();
        var automations = new IIncidentAutomation[]
        {
            new ThresholdAutomation(Warning, Breach),
            new LevelAutomation(Duration.FromMinutes(5), Duration.FromMinutes(15), Duration.FromMinutes(30), Duration.FromHours(4)),
        };
        var time = new FakeTimeProvider(WorkerHarness.Start);
        Incident incident;
        using (var before = WorkerHarness.Build(time, null, store, automations))
        {
            await before.StartAsync(TestContext.Current.CancellationToken);
            incident = await new IncidentService(store, time.ToClockForTests()).OpenAsync(TenantId.Default,
                new NewIncident { Title = "Payments failing", Impact = Prioritization.Impact.High, Urgency = Prioritization.Urgency.High },
                new UserId("alice"), cancellationToken: TestContext.Current.CancellationToken);
            await before.StopAsync(TestContext.Current.CancellationToken);
        }

        // Two hours of downtime: every poll in between is missed.
        time.Advance(TimeSpan.FromHours(2));
        using var after = WorkerHarness.Build(time, null, store, automations);
        await after.StartAsync(TestContext.Current.CancellationToken);
        await after.Services.GetService<WorkerHeartbeat>()!.WaitForBeatAsync(0, TestContext.Current.CancellationToken);
        var events = Incident.FromHistory((await store.ReadAsync(TenantId.Default, incident.Id, 0, TestContext.Current.CancellationToken)).Events).Events;
        await after.StopAsync(TestContext.Current.CancellationToken);

        var notes = events.OfType<WorkNoteAdded>().ToList();
        Assert.Equal([incident.OpenedAt + Warning, incident.OpenedAt + Breach], notes.Select(n => n.At));
        var escalation = Assert.Single(events.OfType<IncidentEscalated>());
        Assert.Equal(3, LevelAutomation.LevelOf(escalation));
        Assert.Equal(incident.OpenedAt + Duration.FromHours(2), escalation.At);
        Assert.Equal(incident.OpenedAt + Duration.FromHours(4), store.DueAtOrNull(TenantId.Default, incident.Id));
    }

    [Fact]
    public async Task Sweep_AutomationThrows_KeepsTheIncidentsTimersAndRetriesAfterALease()
    {
        var failing = new FailingAutomation();
        await using var worker = await WorkerHarness.StartAsync(null, failing, new ThresholdAutomation(Warning));
        var incident = await worker.OpenAsync();

        await worker.AdvanceAsync(TimeSpan.FromMinutes(11));

        Assert.Single((await worker.LoadAsync(incident.Id)).Events.OfType<WorkNoteAdded>());
        Assert.Equal(worker.Time.GetUtcNow().ToInstant() + Duration.FromSeconds(30), worker.Store.DueAtOrNull(TenantId.Default, incident.Id));
        Assert.Equal(1, failing.Calls);
    }

    [Fact]
    public async Task Complete_AfterTheLeaseWasTakenOver_WritesNothing()
    {
        var store = new InMemoryDueWorkStore();
        var clock = NodaTime.Testing.FakeClock.FromUtc(2026, 3, 2, 9, 0, 0);
        var incident = await new IncidentService(store, clock).OpenAsync(TenantId.Default,
            new NewIncident { Title = "Slow", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, new UserId("alice"),
            cancellationToken: TestContext.Current.CancellationToken);
        var lease = Duration.FromSeconds(30);
        var first = Assert.Single(await store.ClaimDueAsync("a", clock.GetCurrentInstant(), lease, 10, TestContext.Current.CancellationToken));
        Assert.Empty(await store.ClaimDueAsync("b", clock.GetCurrentInstant() + Duration.FromSeconds(29), lease, 10, TestContext.Current.CancellationToken));
        var second = Assert.Single(await store.ClaimDueAsync("b", clock.GetCurrentInstant() + lease, lease, 10, TestContext.Current.CancellationToken));

        var loaded = Incident.FromHistory((await store.ReadAsync(TenantId.Default, incident.Id, 0, TestContext.Current.CancellationToken)).Events);
        loaded.AddWorkNote("late", clock.GetCurrentInstant(), UserId.System);
        var change = Storage.IncidentChange.For(loaded);

        Assert.False(await store.CompleteAsync(first, change, [], null, TestContext.Current.CancellationToken));
        Assert.Equal(1, (await store.ReadAsync(TenantId.Default, incident.Id, 0, TestContext.Current.CancellationToken)).Version);
        Assert.True(await store.CompleteAsync(second, change, [], null, TestContext.Current.CancellationToken));
        Assert.Equal(2, (await store.ReadAsync(TenantId.Default, incident.Id, 0, TestContext.Current.CancellationToken)).Version);
    }

    private sealed class FailingAutomation : IIncidentAutomation
    {
        public int Calls { get; private set; }

        public Instant? Run(Incident incident, Instant now)
        {
            Calls++;
            throw new InvalidOperationException("engine bug");
        }
    }
}
