using IncidentKit.Automations;
using IncidentKit.Communication;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

public sealed class IncidentKitWorkerTests
{
    private static readonly Duration Warning = Duration.FromMinutes(10);
    private static readonly Duration Breach = Duration.FromMinutes(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

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
        Assert.Null(await worker.DueAtOrNullAsync(incident.Id));
    }

    [Fact]
    public async Task Open_WithAutomations_PlansTheFirstThresholdWithTheEvents()
    {
        await using var worker = await WorkerHarness.StartAsync(null, new ThresholdAutomation(Warning, Breach));

        var incident = await worker.OpenAsync();

        Assert.Equal(new DueWork(incident.OpenedAt + Warning, DueWorkKind.SlaThreshold), await worker.Store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token));
    }

    [Fact]
    public async Task Sweep_BeforeTheFirstThreshold_RecordsNothing()
    {
        await using var worker = await WorkerHarness.StartAsync(null, new ThresholdAutomation(Warning, Breach));
        var incident = await worker.OpenAsync();

        await worker.AdvanceAsync(TimeSpan.FromMinutes(9));

        Assert.Equal(1, (await worker.LoadAsync(incident.Id)).Version);
        Assert.Equal(incident.OpenedAt + Warning, await worker.DueAtOrNullAsync(incident.Id));
    }

    [Fact]
    public async Task Sweep_RecordedEvents_WriteTheirComposedNotificationsToTheOutboxKeyedByEventChannelAndRecipient()
    {
        var plans = CommunicationPlans.Create(new CommunicationPlanBuilder("notes").NotifyOn("work-note-added").UseChannels("pager").Build());
        await using var worker = await WorkerHarness.StartAsync(o => o.CommunicationPlans = plans, new ThresholdAutomation(Warning));
        var incident = await worker.OpenAsync();
        var ops = Recipient.ForGroup("ops");
        await worker.Services.GetRequiredService<ISubscriptionStore>().AddAsync(new Subscription(TenantId.Default, ops, SubscriptionTarget.ForIncident(incident.Id)), Token);

        await worker.AdvanceAsync(TimeSpan.FromMinutes(11));

        var note = (await worker.LoadAsync(incident.Id)).Events.OfType<WorkNoteAdded>().Single();
        var message = Assert.Single(await worker.Store.ListOutboxAsync(TenantId.Default, 100, Token));
        var notification = NotificationMessageSerializer.Deserialize(message.Payload);
        Assert.Equal((incident.Id, NotificationOutboxPlanner.MessageKind, $"{note.EventId:N}/pager/{ops}"), (message.Incident, message.Kind, message.IdempotencyKey));
        Assert.Equal((message.IdempotencyKey, "work-note-added", ops), (notification.IdempotencyKey, notification.EventKind, Assert.Single(notification.Recipients)));
    }

    [Fact]
    public async Task Sweep_ResolvedIncident_ClosesItOnceAfterThePeriodAsTheSystem()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.AutoCloseResolvedAfter = TimeSpan.FromHours(1));
        var incident = await worker.OpenAsync();
        var resolved = await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id,
            (i, at) => i.Resolve("restart", "Restarted the pool", at, new UserId("alice")), Token);
        Assert.Equal(new DueWork(resolved.ResolvedAt!.Value + Duration.FromHours(1), DueWorkKind.AutoClose), await worker.Store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token));

        await worker.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Equal(IncidentState.Resolved, (await worker.LoadAsync(incident.Id)).State);

        await worker.AdvanceAsync(TimeSpan.FromMinutes(2));
        await worker.AdvanceAsync(TimeSpan.FromMinutes(2));

        var closed = await worker.LoadAsync(incident.Id);
        Assert.Equal(IncidentState.Closed, closed.State);
        var close = Assert.Single(closed.Events.OfType<IncidentClosed>());
        Assert.Equal((resolved.ResolvedAt!.Value + Duration.FromHours(1), UserId.System), (close.At, close.Actor));
        Assert.Null(await worker.DueAtOrNullAsync(incident.Id));
    }

    [Fact]
    public async Task Sweep_ReopenedBeforeAutoClose_DoesNotClose()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.AutoCloseResolvedAfter = TimeSpan.FromHours(1));
        var incident = await worker.OpenAsync();
        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.Resolve("restart", "Restarted", at, new UserId("alice")), Token);
        await worker.AdvanceAsync(TimeSpan.FromMinutes(30));

        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.Reopen("Still failing", at, new UserId("bob")), Token);
        await worker.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(IncidentState.InProgress, (await worker.LoadAsync(incident.Id)).State);
        Assert.Null(await worker.DueAtOrNullAsync(incident.Id));
    }

    // The misfire drill on every store: the same downtime, the same single record per missed threshold and one escalation to
    // the level in force, whether the plan survives in memory, in a SQLite file or in PostgreSQL.
    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Restart_AfterDowntime_RecordsEachMissedThresholdOnceAtItsTrueInstantAndEscalatesOnceToTheLevelInForce(string storeKind)
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        await using var store = await MisfireStore.CreateAsync(storeKind, time);
        var automations = new IIncidentAutomation[]
        {
            new ThresholdAutomation(Warning, Breach),
            new LevelAutomation(Duration.FromMinutes(5), Duration.FromMinutes(15), Duration.FromMinutes(30), Duration.FromHours(4)),
        };
        Incident incident;
        using (var before = WorkerHarness.Build(time, null, store.Use, automations))
        {
            await before.StartAsync(Token);
            incident = await before.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
                new NewIncident { Title = "Payments failing", Impact = Prioritization.Impact.High, Urgency = Prioritization.Urgency.High },
                new UserId("alice"), cancellationToken: Token);
            await before.StopAsync(Token);
        }

        // Two hours of downtime: every poll in between is missed.
        time.Advance(TimeSpan.FromHours(2));
        using var after = WorkerHarness.Build(time, null, store.Use, automations);
        await after.StartAsync(Token);
        await after.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
        var events = (await after.Services.GetRequiredService<IIncidentStore>().ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events;
        var due = await after.Services.GetRequiredService<IDueWorkStore>().FindDueOrNullAsync(TenantId.Default, incident.Id, Token);
        await after.StopAsync(Token);

        var notes = events.OfType<WorkNoteAdded>().ToList();
        Assert.Equal([incident.OpenedAt + Warning, incident.OpenedAt + Breach], notes.Select(n => n.At));
        var escalation = Assert.Single(events.OfType<IncidentEscalated>());
        Assert.Equal(3, LevelAutomation.LevelOf(escalation));
        Assert.Equal(incident.OpenedAt + Duration.FromHours(2), escalation.At);
        Assert.Equal(new DueWork(incident.OpenedAt + Duration.FromHours(4), DueWorkKind.EscalationStep), due);
    }

    [Fact]
    public async Task Sweep_AutomationThrows_KeepsTheIncidentsTimersAndRetriesAfterALease()
    {
        var failing = new FailingAutomation();
        await using var worker = await WorkerHarness.StartAsync(null, failing, new ThresholdAutomation(Warning));
        var incident = await worker.OpenAsync();
        var callsAtOpen = failing.Calls;

        await worker.AdvanceAsync(TimeSpan.FromMinutes(11));

        Assert.Single((await worker.LoadAsync(incident.Id)).Events.OfType<WorkNoteAdded>());
        Assert.Equal(worker.Time.GetUtcNow().ToInstant() + Duration.FromSeconds(30), await worker.DueAtOrNullAsync(incident.Id));
        Assert.Equal(callsAtOpen + 1, failing.Calls);
    }

    [Fact]
    public async Task Sweep_UserWroteFirst_DecidesAgainOnTheNewState()
    {
        var racing = new RacingAutomation();
        await using var worker = await WorkerHarness.StartAsync(null, racing, new ThresholdAutomation(Warning));
        var incident = await worker.OpenAsync();
        racing.Store = worker.Store;

        await worker.AdvanceAsync(TimeSpan.FromMinutes(11));

        var events = (await worker.LoadAsync(incident.Id)).Events;
        Assert.Single(events.OfType<WorkNoteAdded>(), n => n.Text == ThresholdAutomation.Note(0));
        Assert.Single(events.OfType<WorkNoteAdded>(), n => n.Text == "user note");
    }

    [Fact]
    public async Task Sweep_ClockBehindTheStore_RecordsAtTheDueInstantAnyway()
    {
        var storeTime = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(storeTime.ToClockForTests());
        var workerTime = new FakeTimeProvider(WorkerHarness.Start.AddSeconds(-5));
        using var host = WorkerHarness.Build(workerTime, null, store, new ThresholdAutomation(Warning));
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        var incident = await new IncidentService(store, storeTime.ToClockForTests(), new IncidentServiceOptions { Automations = { new ThresholdAutomation(Warning) } })
            .OpenAsync(TenantId.Default, new NewIncident { Title = "Skewed", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, new UserId("alice"), cancellationToken: Token);

        storeTime.Advance(TimeSpan.FromMinutes(10));
        var beats = heartbeat.Count;
        workerTime.Advance(TimeSpan.FromMinutes(10));
        await heartbeat.WaitForBeatAsync(beats, Token);
        var events = (await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events;
        await host.StopAsync(Token);

        Assert.Equal(incident.OpenedAt + Warning, Assert.Single(events.OfType<WorkNoteAdded>()).At);
    }

    private sealed class FailingAutomation : IIncidentAutomation
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public DueWork? Run(Incident incident, Instant now)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("engine bug");
        }
    }

    // Appends a user's note behind the worker's back the first time the worker decides, so the worker's append conflicts.
    private sealed class RacingAutomation : IIncidentAutomation
    {
        public InMemoryIncidentStore? Store { get; set; }

        public DueWork? Run(Incident incident, Instant now)
        {
            if (Store is { } store && incident.OpenedAt + Warning <= now)
            {
                Store = null;
                var copy = Incident.FromHistory(incident.Events.Take(incident.CommittedVersion is var v ? (int)v : 0));
                copy.AddWorkNote("user note", now, new UserId("bob"));
                store.AppendAsync(IncidentChange.For(copy)).AsTask().GetAwaiter().GetResult();
            }

            return null;
        }
    }
}
