using System.Diagnostics.Metrics;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Notifications;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Storage;
using IncidentKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Hosting.Tests.Notifications;

public sealed class HostedNotificationTests
{
    private const string Secret = "shared-with-the-receiver";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddNotifications_P1EscalatesOnTwoHosts_PagesOnCallAndTellsStakeholdersEachMessageOnce()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var pager = new RecordingChannel("pager");
        // Two nodes over one store: both workers and both dispatchers run every round.
        await using var a = await NotificationHost.StartAsync(time, store, b => b.AddNotificationChannel(_ => pager), name: "a");
        await using var b = await NotificationHost.StartAsync(time, store, b => b.AddNotificationChannel(_ => pager), name: "b");

        var incident = await a.OpenP1Async();
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(6), Tick, a, b);
        await b.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, now) => i.Acknowledge(now, NotificationHost.Bob), Token);
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), a, b);

        var delivered = pager.Delivered;
        var pages = delivered.Where(m => m.EventKind == "escalation-step-fired").ToList();
        Assert.Equal([[Recipient.ForUser(NotificationHost.Alice)], [Recipient.ForUser(NotificationHost.Bob)]], pages.Select(p => p.Recipients.ToList()));
        var toStakeholders = delivered.Where(m => m.Recipients.Contains(NotificationHost.Stakeholders)).Select(m => m.EventKind).ToList();
        Assert.Equal(1, toStakeholders.Count(k => k == "opened"));
        Assert.Equal(1, toStakeholders.Count(k => k == "acknowledged"));
        Assert.DoesNotContain(delivered, m => m.EventKind == "acknowledged" && m.Recipients.Contains(Recipient.ForUser(NotificationHost.Bob)));
        Assert.All(pager.Arrivals, arrival => Assert.Equal(1, arrival.Value));
        Assert.Equal(delivered.Count, pager.Accepted.Count);
        Assert.All(delivered, m => Assert.Equal(new Uri($"https://ops.example.com/incidents/{incident.Id.Value}"), m.Link));

        Assert.Empty(await store.ListOutboxAsync(TenantId.Default, 100, Token));
        // Deliveries are kept in the store's delivery log beside the stream, not as events.
        Assert.Empty((await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<NotificationDelivered>());
        var recorded = (await Assert.IsAssignableFrom<IDeliveryLog>(store).ReadDeliveriesAsync(TenantId.Default, incident.Id, Token)).Where(d => d.Delivered).ToList();
        Assert.Equal(pager.Arrivals.Keys.Order(StringComparer.Ordinal), recorded.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddNotifications_ChannelDownForAWhile_DeliversEveryMessageOnceAfterRecoveryAndLosesNone()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var pager = new RecordingChannel("pager") { Failing = true };
        await using var host = await NotificationHost.StartAsync(time, store, b => b.AddNotificationChannel(_ => pager));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, IncidentKitMetrics.MeterName, "incidentkit.notifications.sent");
        using var failed = new MetricCollector<long>(meters, IncidentKitMetrics.MeterName, "incidentkit.notifications.failed");
        var incidents = new List<Incident>();
        for (var i = 0; i < 3; i++)
        {
            incidents.Add(await host.OpenP1Async($"Checkout shard {i} is down"));
        }

        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(3), Tick, host);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var whileDown = await health.CheckHealthAsync(Token);
        var waiting = (await store.ListOutboxAsync(TenantId.Default, 1000, Token)).Select(m => m.IdempotencyKey).ToList();
        var failures = new List<DeliveryRecord>();
        foreach (var incident in incidents)
        {
            // Failed attempts are kept in the delivery log beside the stream, not as events.
            Assert.Empty((await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<NotificationFailed>());
            failures.AddRange((await Assert.IsAssignableFrom<IDeliveryLog>(store).ReadDeliveriesAsync(TenantId.Default, incident.Id, Token)).Where(d => !d.Delivered));
        }

        Assert.Empty(pager.Accepted);
        Assert.True(pager.Refused > 0);
        // The backlog shows in the health check: three minutes old is past the default 1-minute Degraded threshold.
        Assert.Equal(HealthStatus.Degraded, whileDown.Status);
        Assert.Equal(180.0, (double)whileDown.Entries["incidentkit"].Data["outbox.lag_seconds"], 0.001);
        Assert.Equal(6, waiting.Count); // per incident: "opened" to the stakeholders and the page to the one on call
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.True(f.WillRetry));

        pager.Failing = false;
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromMinutes(4), Tick, host);

        Assert.Subset(pager.Arrivals.Keys.ToHashSet(), waiting.ToHashSet());
        Assert.All(pager.Arrivals, arrival => Assert.Equal(1, arrival.Value));
        Assert.Empty(await store.ListOutboxAsync(TenantId.Default, 1000, Token));
        Assert.Equal(pager.Accepted.Count, sent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(pager.Refused, failed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("pager", failed.LastMeasurement!.Tags["incidentkit.channel"]);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Token)).Status);
    }

    [Fact]
    public async Task AddWebhookChannel_P1Opened_PostsSignedPagesToARealListener()
    {
        await using var receiver = new LocalHttpReceiver();
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        await using var host = await NotificationHost.StartAsync(time, store, b => b.AddWebhookChannel(o =>
        {
            o.Name = "pager";
            o.Endpoint = receiver.Url;
            o.Secret = Secret;
        }));

        var incident = await host.OpenP1Async();
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromSeconds(30), Tick, host);

        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count); // the stakeholders' "opened" and alice's page
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.True(WebhookSignature.Verify(r.Body, Secret, r.Header(WebhookSignature.SignatureHeader), r.Header(WebhookSignature.TimestampHeader),
                time.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.Contains(incident.Id.Value.ToString(), System.Text.Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal);
        });
        Assert.Equal(2, receiver.ProcessedCount);
        Assert.Empty(await store.ListOutboxAsync(TenantId.Default, 100, Token));
    }

    [Fact]
    public async Task AddSmsChannel_P1Opened_TextsThePagedPersonThroughALocalGateway()
    {
        await using var receiver = new LocalHttpReceiver();
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        await using var host = await NotificationHost.StartAsync(time, store, b => b.AddSmsChannel(o =>
        {
            o.Name = "pager";
            o.BaseAddress = new Uri(receiver.Url.GetLeftPart(UriPartial.Authority));
            o.AccountSid = "AC0123456789abcdef";
            o.AuthToken = "secret-token";
            o.From = "+15005550006";
            o.PhoneNumberOf = r => r.Kind == RecipientKind.User && r.Value == NotificationHost.Alice.Value ? "+447700900123" : null;
        }));

        var incident = await host.OpenP1Async();
        await NotificationHost.AdvanceAsync(time, TimeSpan.FromSeconds(30), Tick, host);

        // alice's page is texted to her number; the stakeholders' message has no number and is a permanent failure, not a text.
        var text = Assert.Single(receiver.Requests);
        Assert.Equal("/2010-04-01/Accounts/AC0123456789abcdef/Messages.json", text.Path);
        var form = System.Text.Encoding.UTF8.GetString(text.Body);
        Assert.Contains("To=%2B447700900123", form, StringComparison.Ordinal);
        Assert.Contains(incident.Id.Value.ToString(), System.Net.WebUtility.UrlDecode(form), StringComparison.Ordinal);
    }

    [Fact]
    public void AddSmsChannel_InvalidOptions_ThrowsAtRegistrationListingEveryProblem()
    {
        var builder = new ServiceCollection().AddIncidentKit();

        var error = Assert.Throws<ConfigurationValidationException>(() => builder.AddSmsChannel(o => o.MaxLength = 0));

        Assert.Contains(error.Errors, e => e.Contains(nameof(SmsChannelOptions.AccountSid), StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains(nameof(SmsChannelOptions.From), StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreNotificationOutbox_DuplicateRowTakenByTwoDispatchers_ReceiverHonouringKeysProcessesOne()
    {
        await using var receiver = new LocalHttpReceiver();
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var incident = Incident.Open(IncidentId.New(), TenantId.Default, new NewIncident { Title = "Checkout is slow", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, time.GetUtcNow().ToInstant(),
            NotificationHost.Monitor, IncidentRules.Default);
        var message = new NotificationComposer().Compose(incident, incident.PendingEvents[0],
            [new Subscription(TenantId.Default, NotificationHost.Stakeholders, SubscriptionTarget.ForIncident(incident.Id), channels: ["webhook"])]).Single();
        var row = new OutboxMessage
        {
            Id = Guid.NewGuid(), Tenant = incident.Tenant, Incident = incident.Id, Kind = NotificationOutboxPlanner.MessageKind,
            Payload = NotificationMessageSerializer.Serialize(message), IdempotencyKey = message.IdempotencyKey, CreatedAt = incident.OpenedAt,
        };
        // An at-least-once writer stored the message twice.
        await store.AppendAsync(IncidentChange.For(incident) with { Outbox = [row, row with { Id = Guid.NewGuid() }] }, Token);

        using var http = new HttpClient();
        var options = new NotificationDispatcherOptions { BatchSize = 1, QuickRetry = { MaxRetryAttempts = 0 }, BundleWindow = TimeSpan.Zero, TimeProvider = time };
        NotificationDispatcher Dispatcher(string name) => new(
            new StoreNotificationOutbox(store, name, NodaTime.Duration.FromMinutes(1)),
            [new WebhookChannel(http, new WebhookChannelOptions { Endpoint = receiver.Url, Secret = Secret }, time)],
            new InMemoryDeliveryDeduplicationStore(), options);
        using var first = Dispatcher("first");
        using var second = Dispatcher("second");

        var reports = new[] { await first.DispatchAsync(Token), await second.DispatchAsync(Token) };

        Assert.All(reports, r => Assert.Equal((1, 1), (r.Claimed, r.Delivered)));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(message.IdempotencyKey, r.Header(WebhookSignature.IdempotencyKeyHeader)));
        Assert.Equal(1, receiver.ProcessedCount);
        Assert.Empty(await store.ListOutboxAsync(TenantId.Default, 100, Token));
    }

    [Fact]
    public async Task StoreNotificationOutbox_ForeignKindAndUnreadablePayload_AreNotHandedOutNorLost()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var incident = Incident.Open(IncidentId.New(), TenantId.Default, new NewIncident { Title = "Checkout is slow", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, time.GetUtcNow().ToInstant(),
            NotificationHost.Monitor, IncidentRules.Default);
        OutboxMessage Row(string kind, string payload) => new()
        {
            Id = Guid.NewGuid(), Tenant = incident.Tenant, Incident = incident.Id, Kind = kind, Payload = payload,
            IdempotencyKey = Guid.NewGuid().ToString("N"), CreatedAt = incident.OpenedAt,
        };
        await store.AppendAsync(IncidentChange.For(incident) with { Outbox = [Row("audit.export", "{}"), Row(NotificationOutboxPlanner.MessageKind, """{ "not": "a notification" }""")] }, Token);
        var outbox = new StoreNotificationOutbox(store, "dispatcher", NodaTime.Duration.FromMinutes(1));

        var claimed = await outbox.ClaimAsync(10, time.GetUtcNow().ToInstant(), Token);
        time.Advance(TimeSpan.FromMinutes(2));
        var claimedLater = await store.ClaimOutboxAsync("audit", NodaTime.Duration.FromMinutes(1), 10, Token);

        Assert.Empty(claimed);
        Assert.Single(await store.ListOutboxAsync(TenantId.Default, 10, Token));
        // The foreign row is back for its own dispatcher after a lease; the unreadable one is a dead letter, with its reason.
        var dead = Assert.Single(await store.ListDeadLettersAsync(TenantId.Default, 10, Token));
        Assert.StartsWith("unreadable notification payload", dead.Reason, StringComparison.Ordinal);
        var back = Assert.Single(claimedLater);
        Assert.Equal("audit.export", back.Message.Kind);
    }

    [Fact]
    public async Task AddNotifications_InvalidOptions_FailsTheStartListingEveryProblem()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IncidentKitTestHost.StartAsync(o => o.ConfigureNotifications = n =>
        {
            n.PollInterval = TimeSpan.Zero;
            n.Dispatcher.BatchSize = 0;
        }, Token));

        Assert.Contains(error.Failures, f => f.Contains(nameof(NotificationHostingOptions.PollInterval), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Dispatcher.BatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void AddWebhookChannel_InvalidOptions_ThrowsAtRegistrationListingEveryProblem()
    {
        var builder = new ServiceCollection().AddIncidentKit().UseInMemoryStore();

        var error = Assert.Throws<ConfigurationValidationException>(() => builder.AddWebhookChannel(o => o.Secret = "short"));

        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void AddNotificationChannel_SameTypeTwice_RegistersItOnce()
    {
        var services = new ServiceCollection();
        services.AddIncidentKit().UseInMemoryStore().AddNotifications().AddNotificationChannel<TextWriterChannelForTests>().AddNotificationChannel<TextWriterChannelForTests>();

        Assert.Single(services, d => d.ServiceType == typeof(INotificationChannel));
        Assert.Single(services, d => d.ImplementationType == typeof(NotificationDispatcherService));
    }

    private sealed class TextWriterChannelForTests : INotificationChannel
    {
        public string Name => "console";

        public bool HonoursIdempotencyKeys => false;

        public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DeliveryResult.Delivered());
    }
}
