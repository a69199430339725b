using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Notifications.Tests;

public sealed class DeliveryLogRecorderTests
{
    [Fact]
    public async Task DispatchAsync_WithDeliveryLogRecorder_LogsTheDeliveryOnceAndLeavesTheStreamAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeClock(Messages.At);
        var store = new InMemoryIncidentStore();
        var service = new IncidentService(store, clock);
        var incident = await service.OpenAsync(Messages.Tenant,
            new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High, AssignmentGroup = "payments" }, new UserId("alice"), cancellationToken: ct);
        var plan = CommunicationPlans.Default.ForPriority(Priority.P1).ToBuilder().UseChannels("pager").Build();
        var composer = new NotificationComposer(CommunicationPlans.Default.With(Priority.P1, plan));
        var outbox = new InMemoryNotificationOutbox();
        var message = Assert.Single(composer.Compose(incident, incident.Events[0], []));
        outbox.Enqueue(message);
        outbox.Enqueue(message);

        var time = new FakeTimeProvider(Messages.At.ToDateTimeOffset().AddMinutes(1));
        var recorder = new DeliveryLogRecorder(store);
        using var dispatcher = new NotificationDispatcher(outbox, [new ScriptedChannel()], new InMemoryDeliveryDeduplicationStore(), new NotificationDispatcherOptions { Recorder = recorder, TimeProvider = time });
        var report = await dispatcher.DispatchAsync(ct);
        await recorder.RecordDeliveredAsync(message, 1, Messages.At + Duration.FromMinutes(2), ct);

        var delivered = Assert.Single(await store.ReadDeliveriesAsync(Messages.Tenant, incident.Id, ct));
        Assert.True(delivered.Delivered);
        Assert.Equal(("pager", message.IdempotencyKey, Messages.At + Duration.FromMinutes(1)), (delivered.Channel, delivered.IdempotencyKey, delivered.At));
        Assert.Equal(1, (await store.ReadAsync(Messages.Tenant, incident.Id, 0, ct)).Version);
        Assert.Equal((1, 0), (report.Delivered, report.RecordingFailures));
    }

    [Fact]
    public async Task RecordFailedAsync_UnknownIncidentOrNone_ThrowsOrSkips()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryIncidentStore();
        var recorder = new DeliveryLogRecorder(store);
        var message = Messages.Create("k1");
        var aboutNoIncident = new NotificationMessage("webhook", Messages.Tenant, null, "digest", [Recipient.ForUser(new UserId("bob"))], "Digest", "Nothing new.",
            null, Priority.P3, "digest/1", Messages.At);

        await Assert.ThrowsAsync<IncidentNotFoundException>(() => recorder.RecordFailedAsync(message, 1, "HTTP 503", true, Messages.At, ct).AsTask());
        await recorder.RecordFailedAsync(aboutNoIncident, 1, "HTTP 503", true, Messages.At, ct);
        await recorder.RecordDeliveredAsync(aboutNoIncident, 1, Messages.At, ct);
    }
}
