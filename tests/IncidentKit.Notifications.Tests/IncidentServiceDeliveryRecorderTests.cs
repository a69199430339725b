using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Notifications.Tests;

public sealed class IncidentServiceDeliveryRecorderTests
{
    [Fact]
    public async Task DispatchAsync_WithRecorder_AppendsDeliveredEventToTheIncidentOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeClock(Messages.At);
        var store = new InMemoryIncidentStore();
        var service = new IncidentService(store, clock);
        var incident = await service.OpenAsync(Messages.Tenant,
            new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High, AssignmentGroup = "payments" }, new UserId("alice"), cancellationToken: ct);
        var composer = new NotificationComposer(CommunicationPlans.Default.WithFallback(CommunicationPlans.Default.ForPriority(Priority.P1).ToBuilder().UseChannels("pager").Build())
            .With(Priority.P1, CommunicationPlans.Default.ForPriority(Priority.P1).ToBuilder().UseChannels("pager").Build()));
        var outbox = new InMemoryNotificationOutbox();
        foreach (var m in composer.Compose(incident, incident.Events[0], []))
        {
            outbox.Enqueue(m);
            outbox.Enqueue(m);
        }

        var time = new FakeTimeProvider(Messages.At.ToDateTimeOffset().AddMinutes(1));
        var recorder = new IncidentServiceDeliveryRecorder(service);
        using var dispatcher = new NotificationDispatcher(outbox, [new ScriptedChannel()], new InMemoryDeliveryDeduplicationStore(), new NotificationDispatcherOptions { Recorder = recorder, TimeProvider = time });
        var report = await dispatcher.DispatchAsync(ct);
        await recorder.RecordDeliveredAsync(composer.Compose(incident, incident.Events[0], [])[0], 1, Messages.At + Duration.FromMinutes(2), ct);

        var stored = await service.FindOrNullAsync(Messages.Tenant, incident.Id, ct);
        var delivered = Assert.Single(stored!.Events.OfType<NotificationDelivered>());
        Assert.Equal(("pager", "group:payments"), (delivered.Channel, delivered.IdempotencyKey.Split('/')[^1]));
        Assert.Equal(Messages.At + Duration.FromMinutes(1), delivered.At);
        Assert.Equal((1, 0), (report.Delivered, report.RecordingFailures));
        Assert.Equal(delivered, IncidentEventSerializer.Deserialize(IncidentEventSerializer.Serialize(delivered)));
    }
}
