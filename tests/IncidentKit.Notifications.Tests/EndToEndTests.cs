using System.Text.Json;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Extensions;

namespace IncidentKit.Notifications.Tests;

/// <summary>The whole path a host wires: incident events → composer (plan, subscriptions, templates) → outbox → dispatcher →
/// a console-like channel and a real signed webhook, with deliveries recorded on the incident's timeline.</summary>
public sealed class EndToEndTests : IAsyncDisposable
{
    private const string Secret = "s3cret-shared-with-the-receiver";
    private readonly LocalHttpReceiver _receiver = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task P1_OpenedAcknowledgedAndUpdated_ToldOnConsoleAndWebhookOnceEach()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 10, 7, 0, TimeSpan.Zero));
        var clock = time.ToClock();
        var store = new InMemoryIncidentStore();
        var service = new IncidentService(store, clock);
        var tenant = new TenantId("acme");
        var oncall = new UserId("oncall.bob");

        // P1: console for the responders, the signed webhook for the status page; the CTO follows the payments service.
        var critical = CommunicationPlans.Default.ForPriority(Priority.P1).ToBuilder().UseChannels("console").Build();
        var composer = new NotificationComposer(CommunicationPlans.Default.With(Priority.P1, critical), incidentLinkBase: new Uri("https://ops.example.com/incidents"));
        Subscription[] subscriptions =
        [
            new(tenant, Recipient.ForGroup("status-page"), SubscriptionTarget.ForService("payments"), Audience.External, ["webhook"]),
            new(tenant, Recipient.ForAddress("cto@example.com"), SubscriptionTarget.ForService("payments"), Audience.External),
        ];
        var outbox = new InMemoryNotificationOutbox();
        using var console = new StringWriter();
        var webhook = new WebhookChannel(_client, new WebhookChannelOptions { Endpoint = _receiver.Url, Secret = Secret }, time);
        using var dispatcher = new NotificationDispatcher(outbox, [new TextWriterChannel(console), webhook], new InMemoryDeliveryDeduplicationStore(),
            new NotificationDispatcherOptions { QuickRetry = { Delay = TimeSpan.Zero }, Recorder = new DeliveryLogRecorder(store), TimeProvider = time });

        async Task NotifyAsync(Incident incident)
        {
            foreach (var e in incident.Events.Skip((int)incident.Version - 1))
            {
                foreach (var message in composer.Compose(incident, e, subscriptions))
                {
                    outbox.Enqueue(message);
                }
            }
        }

        var incident = await service.OpenAsync(tenant, new NewIncident
        {
            Title = "Checkout fails for EU customers", Impact = Impact.High, Urgency = Urgency.High, Service = "payments", AssignmentGroup = "payments-oncall",
        }, new UserId("monitoring"), cancellationToken: ct);
        await NotifyAsync(incident);
        await dispatcher.DispatchAsync(ct);

        time.Advance(TimeSpan.FromMinutes(3));
        incident = await service.ExecuteAsync(tenant, incident.Id, (i, now) => i.Acknowledge(now, oncall), ct);
        await NotifyAsync(incident);
        await dispatcher.DispatchAsync(ct);
        time.Advance(TimeSpan.FromMinutes(20));
        incident = await service.ExecuteAsync(tenant, incident.Id,
            (i, now) => i.PostStatusUpdate("Card payments fail for some EU customers; failover under way. Next update 10:57 UTC.", Audience.External, now, oncall), ct);
        await NotifyAsync(incident);
        await NotifyAsync(incident); // a worker retrying after a crash composes the same messages again
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await dispatcher.DispatchAsync(ct);
        }

        Assert.Equal(0, outbox.PendingCount);
        var text = console.ToString();
        Assert.Contains("[P1] New incident: Checkout fails for EU customers", text, StringComparison.Ordinal);
        Assert.Contains("[P1] Acknowledged: Checkout fails for EU customers", text, StringComparison.Ordinal);
        Assert.Contains("Card payments fail for some EU customers", text, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(text, "[P1] Status update:")); // the owning group and the CTO, once each although composed twice

        // The status page got each state change and the external update once, signed.
        var posted = _receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("eventKind").GetString()).ToList();
        Assert.Equal(["opened", "acknowledged", "status-update-posted"], posted);
        Assert.All(_receiver.Requests, r => Assert.True(WebhookSignature.Verify(r.Body, Secret, r.Header(WebhookSignature.SignatureHeader),
            r.Header(WebhookSignature.TimestampHeader),
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(r.Header(WebhookSignature.TimestampHeader)!, System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(1))));

        // Deliveries sit in the delivery log beside the stream (none is an event), and the timeline shows both.
        var stored = (await service.FindOrNullAsync(tenant, incident.Id, ct))!;
        Assert.Empty(stored.Events.OfType<NotificationDelivered>());
        var delivered = (await store.ReadDeliveriesAsync(tenant, incident.Id, ct)).Where(d => d.Delivered).ToList();
        Assert.Equal(delivered.Count, delivered.Select(d => (d.Channel, d.IdempotencyKey)).Distinct().Count());
        Assert.Equal(3, delivered.Count(d => d.Channel == "webhook"));
        var timeline = IncidentTimeline.Merge(stored.Events, delivered);
        Assert.Equal(stored.Events.Count + delivered.Count, timeline.Count);
        Assert.Equal(timeline.Select(t => t.At).Order(), timeline.Select(t => t.At));
        Assert.Equal(incident.OpenedAt + Duration.FromMinutes(23 + 30), StatusUpdateSchedule.NextStatusUpdateDue(incident, critical));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
