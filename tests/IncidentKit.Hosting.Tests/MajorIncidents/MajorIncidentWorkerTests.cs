using IncidentKit.Communication;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.MajorIncidents;

// The worker over SQLite and a fake TimeProvider: a P1 is declared major by rule, its commander paged from the commanders'
// schedule, the war room's first attempt fails and the retry (after the policy's backoff) succeeds, and the tightened cadence's
// reminder fires 15 minutes after the declaration (20-minute cadence, reminded 5 minutes before) instead of the plan's 25.
public sealed class MajorIncidentWorkerTests : IDisposable
{
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Bob = new("bob");
    private static readonly UserId Carol = new("carol");
    private static readonly ScheduleId Commanders = new("commanders");

    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-major-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "incidents.db")}";

    [Fact]
    public async Task Worker_P1OverSqlite_DeclaresByRulePagesTheCommanderRetriesTheWarRoomAndRemindsOnTheTightCadence()
    {
        var rooms = new InMemoryWarRoomProvider();
        rooms.FailNext(1);
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = WorkerHarness.Build(time, o =>
        {
            o.ScheduleCommunication = true;
            o.Schedules.Add(new OnCallScheduleBuilder(Commanders, "UTC")
                .AddLayer("weekly", [Carol], new LocalDateTime(2026, 3, 1, 0, 0), RotationLength.Days(7)).Build());
            o.MajorIncidents = new MajorIncidentPolicyBuilder().PageCommandersFrom(Commanders).Build();
        }, b => b.UseSqlite(ConnectionString).Services.AddSingleton<IWarRoomProvider>(rooms));
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        var service = host.Services.GetRequiredService<IncidentService>();
        var opened = await service.OpenAsync(TenantId.Default, new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High }, Alice, cancellationToken: Token);
        await service.ExecuteAsync(TenantId.Default, opened.Id, (i, at) => i.Assign(Bob, null, at, Alice), Token);

        async Task AdvanceAsync(TimeSpan by)
        {
            var beats = heartbeat.Count;
            time.Advance(by);
            await heartbeat.WaitForBeatAsync(beats, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }

        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        var incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        var declared = Assert.IsType<MajorIncidentDeclared>(incident.Events.Single(e => e is MajorIncidentDeclared));
        Assert.Equal("priority P1", declared.Rule);
        Assert.Equal(UserId.System, declared.Actor);
        Assert.Equal(Carol, incident.Commander);
        Assert.Equal("commanders", incident.Events.OfType<ResponseRoleAssigned>().Single().PagedFromSchedule);
        var failed = Assert.Single(incident.Events.OfType<MajorIncidentStepFailed>());
        Assert.Equal((MajorIncidentStep.OpenWarRoom, 1), (failed.Step, failed.Attempt));
        Assert.Equal(failed.At + Duration.FromSeconds(30), failed.RetryAt);
        Assert.Contains("told to fail", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(failed.RetryAt, (await host.Services.GetRequiredService<IDueWorkStore>().FindDueOrNullAsync(TenantId.Default, opened.Id, Token))?.DueAt);

        // The retry comes at the backoff's instant, not before.
        await AdvanceAsync(TimeSpan.FromSeconds(25));
        Assert.Equal(1, rooms.Calls);
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        var room = incident.Events.OfType<MajorIncidentStepCompleted>().Single(c => c.Step == MajorIncidentStep.OpenWarRoom);
        Assert.Equal(2, room.Attempt);
        Assert.Equal(Assert.Single(rooms.Rooms.Values).Link, room.Link);
        Assert.All(MajorIncidentChecklist.StatusOf(incident, MajorIncidentPolicy.Default), s => Assert.True(s.IsDone, s.Step.ToString()));

        // Tight cadence: the update falls due 20 minutes after the tightening; the owner is reminded 5 minutes before, at 15.
        var tightened = incident.Events.OfType<MajorIncidentStepCompleted>().Single(c => c.Step == MajorIncidentStep.TightenCadence);
        for (var i = 0; i < 3 * 12; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(5));
        }

        incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        Assert.Empty(incident.Events.OfType<StatusUpdateDue>());
        for (var i = 0; i < 12 * 12; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(5));
        }

        incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        var reminder = Assert.Single(incident.Events.OfType<StatusUpdateDue>());
        Assert.Equal(tightened.At + Duration.FromMinutes(20), reminder.DueAt);
        Assert.InRange(reminder.At, tightened.At + Duration.FromMinutes(15), tightened.At + Duration.FromMinutes(15) + Duration.FromSeconds(5));

        // The commander was paged and the executives told, through the outbox.
        var outbox = (await host.Services.GetRequiredService<IOutboxStore>().ListOutboxAsync(TenantId.Default, 500, Token))
            .Select(m => NotificationMessageSerializer.Deserialize(m.Payload)).ToList();
        Assert.Contains(outbox, m => m.EventKind == "response-role-assigned" && m.Recipients.SequenceEqual([Recipient.ForUser(Carol)]));
        Assert.Contains(outbox, m => m.EventKind == "major-incident-step-completed" && m.Recipients.SequenceEqual([Recipient.ForGroup("executives")]));
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task Worker_StoodDown_StopsTheChecklistAndReturnsToThePlansCadence()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = WorkerHarness.Build(time, o => o.MajorIncidents = new MajorIncidentPolicyBuilder().Build(), (Action<IncidentKitBuilder>?)null);
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        var service = host.Services.GetRequiredService<IncidentService>();
        var opened = await service.OpenAsync(TenantId.Default, new NewIncident { Title = "Search is slow", Impact = Impact.Medium, Urgency = Urgency.Medium }, Alice, cancellationToken: Token);

        await service.ExecuteAsync(TenantId.Default, opened.Id, (i, at) => i.DeclareMajor("Search down in every region", at, Alice), Token);
        var beats = heartbeat.Count;
        time.Advance(TimeSpan.FromSeconds(5));
        await heartbeat.WaitForBeatAsync(beats, Token);
        var incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        var plan = CommunicationPlans.Default.ForPriority(Priority.P1);
        Assert.Null(incident.Events.OfType<MajorIncidentDeclared>().Single().Rule);
        Assert.Equal(5, incident.Events.OfType<MajorIncidentStepCompleted>().Count());
        Assert.Contains(incident.Events.OfType<MajorIncidentStepCompleted>(), c => c.Outcome.StartsWith("No war-room provider", StringComparison.Ordinal));
        Assert.Equal(incident.Events.OfType<MajorIncidentStepCompleted>().Single(c => c.Step == MajorIncidentStep.TightenCadence).At + Duration.FromMinutes(20),
            StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));

        await service.ExecuteAsync(TenantId.Default, opened.Id, (i, at) => i.StandDownMajor("Contained to one region", at, Alice), Token);
        incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        Assert.False(incident.IsMajor);
        Assert.Empty(MajorIncidentChecklist.StatusOf(incident, MajorIncidentPolicy.Default));
        Assert.Equal(incident.OpenedAt + plan.StatusUpdateEvery!.Value, StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));
        await host.StopAsync(Token);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
