using IncidentKit.Automations;
using IncidentKit.Communication;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// The default P1 plan: a status update every 30 minutes (owner reminded 5 minutes before), an executive summary hourly.
public sealed class CommunicationAutomationTests
{
    private static readonly UserId Bob = new("bob");
    private static readonly Recipient Executives = Recipient.ForGroup("executives");
    private static readonly Instant Start = WorkerHarness.Start.ToInstant();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_P1WithoutStatusUpdates_RemindsTheOwnerOnceAt25MinutesAndSummarisesOncePerSlot()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.ScheduleCommunication = true);
        var incident = await OpenAssignedP1Async(worker);
        Assert.Equal(new DueWork(Start + Duration.FromMinutes(25), DueWorkKind.UpdateReminder), await worker.Store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token));

        for (var i = 0; i < 26; i++)
        {
            await worker.AdvanceAsync(TimeSpan.FromMinutes(5));
        }

        var events = (await worker.LoadAsync(incident.Id)).Events;
        var reminder = Assert.Single(events.OfType<StatusUpdateDue>());
        Assert.Equal((Start + Duration.FromMinutes(30), Start + Duration.FromMinutes(25)), (reminder.DueAt, reminder.At));
        var summaries = events.OfType<ExecutiveSummaryDue>().ToList();
        Assert.Equal([Start + Duration.FromHours(1), Start + Duration.FromHours(2)], summaries.Select(s => s.DueAt));
        Assert.Equal(summaries.Select(s => s.DueAt), summaries.Select(s => s.At));

        var messages = await ScheduledMessagesAsync(worker.Store);
        var toOwner = Assert.Single(messages, m => m.EventKind == NotificationEventKinds.StatusUpdateDue);
        Assert.Equal(Recipient.ForUser(Bob), Assert.Single(toOwner.Recipients));
        var toExecutives = messages.Where(m => m.EventKind == NotificationEventKinds.ExecutiveSummary).ToList();
        Assert.Equal(2, toExecutives.Count);
        Assert.All(toExecutives, m => Assert.Equal(Executives, Assert.Single(m.Recipients)));
        Assert.Equal(Start + Duration.FromHours(3), await worker.DueAtOrNullAsync(incident.Id));
    }

    [Fact]
    public async Task Worker_StatusUpdatePosted_MovesTheNextReminder()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.ScheduleCommunication = true);
        var incident = await OpenAssignedP1Async(worker);
        await worker.AdvanceAsync(TimeSpan.FromMinutes(20));

        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id,
            (i, at) => i.PostStatusUpdate("Failover under way.", Audience.External, at, Bob), Token);
        Assert.Equal(Start + Duration.FromMinutes(45), await worker.DueAtOrNullAsync(incident.Id));

        await worker.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Empty((await worker.LoadAsync(incident.Id)).Events.OfType<StatusUpdateDue>());

        await worker.AdvanceAsync(TimeSpan.FromMinutes(15));
        var reminder = Assert.Single((await worker.LoadAsync(incident.Id)).Events.OfType<StatusUpdateDue>());
        Assert.Equal((Start + Duration.FromMinutes(50), Start + Duration.FromMinutes(45)), (reminder.DueAt, reminder.At));
    }

    [Fact]
    public async Task Worker_NobodyOwnsTheIncident_RemindsOnceItIsAssigned()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.ScheduleCommunication = true);
        var incident = await worker.OpenAsync();
        await worker.AdvanceAsync(TimeSpan.FromMinutes(40));
        Assert.Empty((await worker.LoadAsync(incident.Id)).Events.OfType<StatusUpdateDue>());

        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.Assign(Bob, null, at, new UserId("alice")), Token);
        await worker.AdvanceAsync(TimeSpan.FromSeconds(5));

        var reminder = Assert.Single((await worker.LoadAsync(incident.Id)).Events.OfType<StatusUpdateDue>());
        Assert.Equal((Start + Duration.FromMinutes(30), Start + Duration.FromMinutes(40) + Duration.FromSeconds(5)), (reminder.DueAt, reminder.At));
        var message = Assert.Single(await ScheduledMessagesAsync(worker.Store));
        Assert.Equal(Recipient.ForUser(Bob), Assert.Single(message.Recipients));
    }

    [Fact]
    public async Task Worker_IncidentResolved_StopsRemindersAndSummaries()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.ScheduleCommunication = true);
        var incident = await OpenAssignedP1Async(worker);
        await worker.AdvanceAsync(TimeSpan.FromMinutes(25));

        var resolved = await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id,
            (i, at) => i.Resolve("restart", "Restarted the pool", at, Bob), Token);
        for (var i = 0; i < 6; i++)
        {
            await worker.AdvanceAsync(TimeSpan.FromMinutes(30));
        }

        var events = (await worker.LoadAsync(incident.Id)).Events;
        Assert.Single(events.OfType<StatusUpdateDue>());
        Assert.Empty(events.OfType<ExecutiveSummaryDue>());
        Assert.Equal(new DueWork(resolved.ResolvedAt!.Value + Duration.FromDays(3), DueWorkKind.AutoClose), await worker.Store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token));
    }

    [Fact]
    public async Task Restart_AfterThreeHoursDown_RemindsOnceAndSendsOnlyTheCurrentSlotsSummary()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        Incident incident;
        using (var before = WorkerHarness.Build(time, o => o.ScheduleCommunication = true, store))
        {
            await before.StartAsync(Token);
            incident = await OpenAssignedP1Async(before.Services.GetRequiredService<IncidentService>());
            await before.StopAsync(Token);
        }

        time.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(10));
        using var after = WorkerHarness.Build(time, o => o.ScheduleCommunication = true, store);
        await after.StartAsync(Token);
        await after.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
        var events = (await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events;
        var messages = await ScheduledMessagesAsync(store);
        var due = await store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token);
        await after.StopAsync(Token);

        var now = Start + Duration.FromMinutes(190);
        var reminder = Assert.Single(events.OfType<StatusUpdateDue>());
        Assert.Equal((Start + Duration.FromMinutes(30), now), (reminder.DueAt, reminder.At));
        var summary = Assert.Single(events.OfType<ExecutiveSummaryDue>());
        Assert.Equal((Start + Duration.FromHours(3), now), (summary.DueAt, summary.At));
        Assert.Single(messages, m => m.EventKind == NotificationEventKinds.StatusUpdateDue);
        Assert.Single(messages, m => m.EventKind == NotificationEventKinds.ExecutiveSummary);
        Assert.Equal(new DueWork(Start + Duration.FromHours(4), DueWorkKind.UpdateReminder), due);
    }

    [Fact]
    public async Task TwoWorkers_OneStore_RecordEachReminderAndSummaryOnce()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var hosts = new[]
        {
            WorkerHarness.Build(time, o => { o.ScheduleCommunication = true; o.WorkerName = "node-0"; }, store),
            WorkerHarness.Build(time, o => { o.ScheduleCommunication = true; o.WorkerName = "node-1"; }, store),
        };
        var beats = hosts.Select(h => h.Services.GetRequiredService<WorkerHeartbeat>()).ToArray();
        try
        {
            foreach (var host in hosts)
            {
                await host.StartAsync(Token);
            }

            foreach (var beat in beats)
            {
                await beat.WaitForBeatAsync(0, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            }

            var incident = await OpenAssignedP1Async(hosts[0].Services.GetRequiredService<IncidentService>());
            for (var step = 0; step < 26; step++)
            {
                var counts = beats.Select(b => b.Count).ToArray();
                time.Advance(TimeSpan.FromMinutes(5));
                for (var i = 0; i < beats.Length; i++)
                {
                    // A hang guard, not a timing assertion.
                    await beats[i].WaitForBeatAsync(counts[i], Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
                }
            }

            var events = (await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events;
            Assert.Single(events.OfType<StatusUpdateDue>());
            Assert.Equal([Start + Duration.FromHours(1), Start + Duration.FromHours(2)], events.OfType<ExecutiveSummaryDue>().Select(s => s.DueAt));
            var messages = await ScheduledMessagesAsync(store);
            Assert.Equal(3, messages.Count);
            Assert.Equal(messages.Count, messages.Select(m => m.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddIncidentKit_ScheduleCommunication_RegistersTheAutomationOverTheComposersPlans(bool schedule)
    {
        var plans = CommunicationPlans.Create(new CommunicationPlanBuilder("all").StatusUpdateEvery(Duration.FromMinutes(10), Duration.FromMinutes(2)).Build());
        using var provider = new ServiceCollection().AddLogging()
            .AddIncidentKit(o => { o.CommunicationPlans = plans; o.ScheduleCommunication = schedule; }).UseInMemoryStore().Services.BuildServiceProvider();

        var automation = provider.GetRequiredService<IncidentService>().Automations.OfType<CommunicationAutomation>().SingleOrDefault();

        Assert.Equal(schedule, automation is not null);
        Assert.Same(schedule ? plans : null, automation?.Plans);
    }

    private static Task<Incident> OpenAssignedP1Async(WorkerHarness worker) => OpenAssignedP1Async(worker.Incidents);

    private static async Task<Incident> OpenAssignedP1Async(IncidentService incidents)
    {
        var opened = await incidents.OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout is down", Impact = Prioritization.Impact.High, Urgency = Prioritization.Urgency.High },
            new UserId("alice"), cancellationToken: Token);
        Assert.Equal(Prioritization.Priority.P1, opened.Priority);
        return await incidents.ExecuteAsync(TenantId.Default, opened.Id, (i, at) => i.Assign(Bob, "payments", at, new UserId("alice")), Token);
    }

    // The reminders and summaries in the outbox; the other notifications (opened, assigned, …) are not these tests' concern.
    private static async Task<List<NotificationMessage>> ScheduledMessagesAsync(InMemoryIncidentStore store) =>
        [.. (await store.ListOutboxAsync(TenantId.Default, 1000, Token))
            .Select(m => NotificationMessageSerializer.Deserialize(m.Payload))
            .Where(m => m.EventKind is NotificationEventKinds.StatusUpdateDue or NotificationEventKinds.ExecutiveSummary)];
}
