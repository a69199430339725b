using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Notifications;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Hosting.Tests.Notifications;

public sealed class ExerciseNotificationTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly Recipient DrillRoom = Recipient.ForGroup("drill-room");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<Incident> OpenAsync(NotificationHost host, bool exercise) =>
        host.Incidents.OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout", IsExercise = exercise },
            NotificationHost.Monitor, cancellationToken: Token);

    [Fact]
    public async Task AddIncidentKit_ExerciseWithDrillChannel_PagesOnlyTheDrillChannelMarkedAsExercise()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var pager = new RecordingChannel("pager");
        var drill = new RecordingChannel("drill");
        await using var host = await NotificationHost.StartAsync(time, store, b =>
        {
            b.AddNotificationChannel(_ => pager).AddNotificationChannel(_ => drill);
            b.Services.Configure<IncidentKitOptions>(o => o.Exercises = new ExerciseRouting("drill", [DrillRoom]));
        });

        var exercise = await OpenAsync(host, exercise: true);
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(3), Tick, host);
        Assert.Empty(pager.Delivered);
        var drilled = drill.Delivered;
        Assert.Contains(drilled, m => m.EventKind == "escalation-step-fired");
        Assert.All(drilled, m =>
        {
            Assert.Equal(exercise.Id, m.Incident);
            Assert.Equal([DrillRoom], m.Recipients);
            Assert.StartsWith("[EXERCISE] ", m.Subject, StringComparison.Ordinal);
            Assert.StartsWith("[EXERCISE] ", m.Body, StringComparison.Ordinal);
        });

        var real = await OpenAsync(host, exercise: false);
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(3), Tick, host);
        Assert.All(drill.Delivered, m => Assert.Equal(exercise.Id, m.Incident));
        Assert.All(pager.Delivered, m => Assert.Equal(real.Id, m.Incident));
        var page = Assert.Single(pager.Delivered, m => m.EventKind == "escalation-step-fired");
        Assert.Equal((real.Id, Recipient.ForUser(NotificationHost.Alice)), (page.Incident, Assert.Single(page.Recipients)));
        Assert.DoesNotContain(pager.Delivered, m => m.Subject.StartsWith("[EXERCISE]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddIncidentKit_ExerciseWithoutDrillChannel_SendsNothingAndRecordsEachDrop()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var pager = new RecordingChannel("pager");
        await using var host = await NotificationHost.StartAsync(time, store, b => b.AddNotificationChannel(_ => pager));

        var exercise = await OpenAsync(host, exercise: true);
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(3), Tick, host);

        Assert.Empty(pager.Delivered);
        Assert.Empty(await store.ListOutboxAsync(TenantId.Default, 100, Token));
        var dropped = (await store.ReadAsync(TenantId.Default, exercise.Id, 0, Token)).Events.OfType<NotificationDropped>().ToList();
        Assert.Contains(dropped, d => d.Reason.Contains("exercise", StringComparison.Ordinal));
        Assert.All(dropped, d => Assert.Equal("pager", d.Channel));
    }
}
