using System.Net;
using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Notifications.Tests;

public sealed partial class NotificationDispatcherTests : IAsyncDisposable
{
    private const string Secret = "s3cret-shared-with-the-receiver";
    private static readonly Recipient Bob = Recipient.ForUser(new UserId("bob"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 15, 10, 30, 0, TimeSpan.Zero));
    private readonly InMemoryNotificationOutbox _outbox = new();
    private readonly InMemoryDeliveryDeduplicationStore _deduplication = new();
    private readonly RecordingRecorder _recorder = new();
    private readonly LocalHttpReceiver _receiver = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
    }

    private Instant Now => Instant.FromDateTimeOffset(_time.GetUtcNow());

    // Quick retries without delay: Polly's delays would wait on the fake clock.
    private static NotificationDispatcherOptions TestOptions() => new()
    {
        QuickRetry = { MaxRetryAttempts = 1, Delay = TimeSpan.Zero },
        CircuitBreaker = { MinimumThroughput = 2, BreakDuration = TimeSpan.FromSeconds(30) },
        RetryBaseDelay = TimeSpan.FromSeconds(10),
        RetryMaxDelay = TimeSpan.FromMinutes(1),
    };

    private WebhookChannel Webhook() => new(_client, new WebhookChannelOptions { Endpoint = _receiver.Url, Secret = Secret }, _time);

    private NotificationDispatcher Dispatcher(INotificationChannel channel, NotificationDispatcherOptions? options = null,
        IDeliveryDeduplicationStore? deduplication = null) =>
        new(_outbox, [channel], deduplication ?? _deduplication, WithCollaborators(options ?? TestOptions()));

    private NotificationDispatcherOptions WithCollaborators(NotificationDispatcherOptions options, INotificationSendCheck? sendCheck = null)
    {
        options.Recorder = _recorder;
        options.TimeProvider = _time;
        options.SendCheck ??= sendCheck;
        return options;
    }

    [Fact]
    public async Task DispatchAsync_DuplicateOutboxRows_WebhookReceivesOneMessage()
    {
        using var dispatcher = Dispatcher(Webhook());
        var message = Messages.Create("evt-1/webhook/user:bob");
        for (var i = 0; i < 3; i++)
        {
            _outbox.Enqueue(message);
        }

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        _outbox.Enqueue(message);
        _time.Advance(TimeSpan.FromMinutes(5));
        var later = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Single(_receiver.Requests);
        Assert.Equal((3, 1, 1, 2), (report.Claimed, report.Sent, report.Delivered, report.Duplicates));
        Assert.Equal((1, 0, 1), (later.Claimed, later.Sent, later.Duplicates));
        Assert.Equal(0, _outbox.PendingCount);
        Assert.Equal([("evt-1/webhook/user:bob", 1)], _recorder.Delivered);
    }

    [Fact]
    public async Task DispatchAsync_TwoDispatchersRacingOnDuplicates_OneSend()
    {
        var channel = Webhook();
        using var first = Dispatcher(channel);
        using var second = Dispatcher(channel);
        var message = Messages.Create("evt-2/webhook/user:bob");
        _outbox.Enqueue(message);
        _outbox.Enqueue(message);

        await Task.WhenAll(
            Task.Run(() => first.DispatchAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken),
            Task.Run(() => second.DispatchAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken));
        _time.Advance(TimeSpan.FromMinutes(10));
        await first.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Single(_receiver.Requests);
        Assert.Equal(0, _outbox.PendingCount);
    }

    [Fact]
    public async Task DispatchAsync_KeyForgottenAfterCrash_ReceiverHonouringKeysProcessesOnce()
    {
        var message = Messages.Create("evt-3/webhook/user:bob");
        _outbox.Enqueue(message);
        using (var beforeCrash = Dispatcher(Webhook()))
        {
            await beforeCrash.DispatchAsync(TestContext.Current.CancellationToken);
        }

        // The process died after the send but before the key was recorded anywhere durable: the row comes back and the
        // restarted dispatcher has an empty deduplication store.
        _outbox.Enqueue(message);
        using var afterCrash = Dispatcher(Webhook(), deduplication: new InMemoryDeliveryDeduplicationStore());
        await afterCrash.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _receiver.Requests.Count);
        Assert.All(_receiver.Requests, r => Assert.Equal("evt-3/webhook/user:bob", r.Header(WebhookSignature.IdempotencyKeyHeader)));
        Assert.Equal(1, _receiver.ProcessedCount);
    }

    [Fact]
    public async Task DispatchAsync_ChannelDownForAWhile_BacklogKeptAndAllDeliveredAfterRecovery()
    {
        var down = true;
        _receiver.StatusFor = _ => down ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
        var options = TestOptions();
        options.MaxAttempts = 2; // a long outage must not use attempts up: postponements while the circuit is open do not count
        using var dispatcher = Dispatcher(Webhook(), options);
        var keys = Enumerable.Range(1, 5).Select(i => $"evt-{i}/webhook/user:u{i}").ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            _outbox.Enqueue(Messages.Create(key, recipient: Recipient.ForUser(new UserId($"u{i + 1}"))));
        }

        var first = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((5, 0, 1, 4, 0), (first.Claimed, first.Delivered, first.Retrying, first.Postponed, first.Abandoned));
        Assert.False(dispatcher.IsChannelAvailable("webhook"));
        Assert.Equal(2, _receiver.Requests.Count); // one send and its quick retry; then the circuit opened

        // Still down for ten minutes: each trial send after a break fails, the circuit opens again, and the backlog stays.
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(31));
            await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(5, _outbox.PendingCount);
        Assert.Empty(_outbox.GetDeadLetters());

        down = false;
        for (var i = 0; i < 10 && _outbox.PendingCount > 0; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(31));
            await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, _outbox.PendingCount);
        Assert.Empty(_outbox.GetDeadLetters());
        Assert.True(dispatcher.IsChannelAvailable("webhook"));
        var accepted = _receiver.Requests.Where(r => r.AnsweredWith == HttpStatusCode.OK).Select(r => r.Header(WebhookSignature.IdempotencyKeyHeader)).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), accepted.Order(StringComparer.Ordinal));
        Assert.Equal(keys.Order(StringComparer.Ordinal), _recorder.Delivered.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.All(_recorder.Failed, f => Assert.True(f.WillRetry));
        Assert.Contains(_recorder.Failed, f => f.Reason.Contains("503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DispatchAsync_TenAlertsForOnePersonClaimedTogether_OneMessageListingThem()
    {
        var pager = new ScriptedChannel();
        using var dispatcher = Dispatcher(pager);
        for (var i = 1; i <= 10; i++)
        {
            _outbox.Enqueue(Messages.Create($"alert-{i}", channel: "pager", recipient: Bob, subject: $"[P1] alert {i}"));
        }

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        var sent = Assert.Single(pager.Accepted);
        Assert.True(sent.IsBundle);
        Assert.Equal(NotificationEventKinds.Bundle, sent.EventKind);
        Assert.Equal([Bob], sent.Recipients);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"alert-{i}"), sent.Bundled.Select(m => m.IdempotencyKey));
        Assert.Equal("[P1] 10 updates: [P1] alert 10", sent.Subject);
        Assert.Contains("• 10:07 UTC  [P1] alert 3", sent.Body, StringComparison.Ordinal);
        Assert.Equal((1, 10, 10), (report.Sent, report.Delivered, report.Bundled));
        Assert.Equal(10, _recorder.Delivered.Count);
    }

    [Fact]
    public async Task DispatchAsync_AlertsSpreadOverAMinute_FirstAtOnceRestBundledWhenTheWindowEnds()
    {
        var pager = new ScriptedChannel();
        using var dispatcher = Dispatcher(pager);
        var carol = Recipient.ForUser(new UserId("carol"));
        _outbox.Enqueue(Messages.Create("alert-1", channel: "pager", recipient: Bob));
        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        for (var i = 2; i <= 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(6));
            _outbox.Enqueue(Messages.Create($"alert-{i}", channel: "pager", recipient: Bob));
            await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        }

        _outbox.Enqueue(Messages.Create("other-person", channel: "pager", recipient: carol));
        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["alert-1", "other-person"], pager.Accepted.Select(m => m.IdempotencyKey));

        _time.Advance(TimeSpan.FromSeconds(6)); // one minute after the first send
        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, pager.Accepted.Count);
        var bundle = pager.Accepted.Last();
        Assert.Equal(Enumerable.Range(2, 9).Select(i => $"alert-{i}"), bundle.Bundled.Select(m => m.IdempotencyKey));
        Assert.Equal(0, _outbox.PendingCount);
    }

    [Fact]
    public async Task DispatchAsync_PermanentFailure_AbandonedOnceAndRecorded()
    {
        var pager = new ScriptedChannel { Answer = _ => DeliveryResult.Permanent("HTTP 400 Bad Request") };
        using var dispatcher = Dispatcher(pager);
        _outbox.Enqueue(Messages.Create("k", channel: "pager"));

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, report.Abandoned);
        Assert.Equal(1, pager.Calls);
        Assert.Equal("HTTP 400 Bad Request", Assert.Single(_outbox.GetDeadLetters()).Reason);
        Assert.Equal(("k", 1, "HTTP 400 Bad Request", false), Assert.Single(_recorder.Failed));
        Assert.True(dispatcher.IsChannelAvailable("pager"));
    }

    [Fact]
    public async Task DispatchAsync_TransientEveryTime_GivesUpAfterMaxAttemptsWithBackoff()
    {
        var pager = new ScriptedChannel { Answer = _ => throw new IOException("connection reset") };
        var options = TestOptions();
        options.MaxAttempts = 3;
        options.QuickRetry.MaxRetryAttempts = 0;
        options.CircuitBreaker.MinimumThroughput = 100;
        using var dispatcher = Dispatcher(pager, options);
        _outbox.Enqueue(Messages.Create("k", channel: "pager"));

        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(7)); // first backoff is 10 s ± 20 %: not due yet
        Assert.Equal(0, (await dispatcher.DispatchAsync(TestContext.Current.CancellationToken)).Claimed);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, pager.Calls);
        Assert.Equal([(1, true), (2, true), (3, false)], _recorder.Failed.Select(f => (f.Attempt, f.WillRetry)));
        Assert.Contains("IOException: connection reset", Assert.Single(_outbox.GetDeadLetters()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_UnknownChannel_KeptForLater()
    {
        using var dispatcher = Dispatcher(new ScriptedChannel());
        _outbox.Enqueue(Messages.Create("k", channel: "sms"));

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, report.Retrying);
        Assert.Equal(1, _outbox.PendingCount);
        Assert.Contains("No channel named 'sms'", Assert.Single(_recorder.Failed).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_GrowsExponentiallyWithJitterUpToTheMaximum()
    {
        using var dispatcher = Dispatcher(new ScriptedChannel());
        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(dispatcher.Backoff(1), Duration.FromSeconds(8), Duration.FromSeconds(12));
            Assert.InRange(dispatcher.Backoff(2), Duration.FromSeconds(16), Duration.FromSeconds(24));
            Assert.InRange(dispatcher.Backoff(3), Duration.FromSeconds(32), Duration.FromSeconds(48));
            Assert.InRange(dispatcher.Backoff(9), Duration.FromSeconds(48), Duration.FromSeconds(60));
        }
    }

    [Fact]
    public void Constructor_InvalidOptionsOrDuplicateChannelNames_Throws()
    {
        var options = new NotificationDispatcherOptions { BatchSize = 0, MaxAttempts = 0, CircuitBreaker = { FailureRatio = 2 }, BundleWindow = TimeSpan.FromSeconds(-1) };

        var ex = Assert.Throws<ConfigurationValidationException>(() => Dispatcher(new ScriptedChannel(), options));
        Assert.Equal(4, ex.Errors.Count);
        Assert.Throws<ArgumentException>(() => new NotificationDispatcher(_outbox, [new ScriptedChannel(), new ScriptedChannel()], _deduplication));
    }

    [Fact]
    public async Task TextWriterChannel_WritesReadableBlock()
    {
        using var writer = new StringWriter();
        var channel = new TextWriterChannel(writer);

        await channel.SendAsync(Messages.Create("k", channel: "console"), TestContext.Current.CancellationToken);

        Assert.Equal(
            "[console] 2026-06-15T10:07:00Z → user:bob · P1 · sla-breached\n[P1] SLA breached: response - Checkout fails\n" +
            "The response target of this P1 incident was missed at 2026-06-15 10:22 UTC.\n" + Environment.NewLine,
            writer.ToString());
    }
}
