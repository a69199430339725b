using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Testing.Tests;

public sealed class CapturingNotificationChannelTests
{
    private static readonly Recipient Bob = Recipient.ForUser(new UserId("bob"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static NotificationMessage Message(string key, string eventKind = "opened") =>
        new("email", TenantId.Default, new IncidentId(new Guid("0190f5a4-1111-7000-8000-000000000042")), eventKind, [Bob], $"[P1] {key}",
            "Checkout is down.", null, Priority.P1, key, Instant.FromUtc(2026, 6, 15, 9, 0));

    [Fact]
    public async Task SendAsync_ByDefault_DeliversAndKeepsTheMessage()
    {
        var channel = new CapturingNotificationChannel();

        var result = await channel.SendAsync(Message("k1"), Token);

        Assert.True(result.IsDelivered);
        Assert.Equal(["k1"], channel.Sent.Select(m => m.IdempotencyKey));
        Assert.Equal(1, channel.Attempts);
    }

    [Fact]
    public async Task FailNext_TwoSends_FailsTwiceTransientlyThenDelivers()
    {
        var channel = new CapturingNotificationChannel();
        channel.FailNext(2);

        var results = new[] { await channel.SendAsync(Message("k"), Token), await channel.SendAsync(Message("k"), Token), await channel.SendAsync(Message("k"), Token) };

        Assert.Equal([DeliveryOutcome.TransientFailure, DeliveryOutcome.TransientFailure, DeliveryOutcome.Delivered], results.Select(r => r.Outcome));
        Assert.Single(channel.Sent);
        Assert.Equal(3, channel.Attempts);
    }

    [Fact]
    public void FailNext_ADelivery_Throws()
    {
        var channel = new CapturingNotificationChannel();

        Assert.Throws<ArgumentException>(() => channel.FailNext(1, DeliveryResult.Delivered()));
        Assert.Throws<ArgumentOutOfRangeException>(() => channel.FailNext(0));
    }

    [Fact]
    public async Task Respond_PermanentForOneKind_ThatKindIsNotKept()
    {
        var channel = new CapturingNotificationChannel { Respond = m => m.EventKind == "resolved" ? DeliveryResult.Permanent("HTTP 400") : DeliveryResult.Delivered("receipt-1") };

        var resolved = await channel.SendAsync(Message("k1", "resolved"), Token);
        var opened = await channel.SendAsync(Message("k2"), Token);

        Assert.Equal((DeliveryOutcome.PermanentFailure, "receipt-1"), (resolved.Outcome, opened.Detail));
        Assert.Equal(["k2"], channel.Sent.Select(m => m.IdempotencyKey));
    }

    [Fact]
    public async Task WaitForAsync_MessageSentLater_CompletesWithIt()
    {
        var channel = new CapturingNotificationChannel();
        var waiting = channel.WaitForAsync(m => m.EventKind == "resolved", Token);
        await channel.SendAsync(Message("k1"), Token);
        Assert.False(waiting.IsCompleted);

        await channel.SendAsync(Message("k2", "resolved"), Token);

        Assert.Equal("k2", (await waiting).IdempotencyKey);
        Assert.Equal("k1", (await channel.WaitForAsync(m => m.EventKind == "opened", Token)).IdempotencyKey);
    }

    [Fact]
    public async Task Unbundled_DispatcherBundlesTwoMessages_ListsEachNotification()
    {
        var channel = new CapturingNotificationChannel();
        var outbox = new InMemoryNotificationOutbox();
        outbox.Enqueue(Message("k1"));
        outbox.Enqueue(Message("k2"));
        using var dispatcher = new NotificationDispatcher(outbox, [channel], new InMemoryDeliveryDeduplicationStore(),
            new NotificationDispatcherOptions { TimeProvider = FakeTime.FromUtc(2026, 6, 15, 9, 1) });

        await dispatcher.DispatchAsync(Token);

        Assert.True(Assert.Single(channel.Sent).IsBundle);
        Assert.Equal(["k1", "k2"], channel.Unbundled.Select(m => m.IdempotencyKey));
        channel.Clear();
        Assert.Empty(channel.Sent);
    }
}
