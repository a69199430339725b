using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Notifications.Tests;

public sealed partial class NotificationDispatcherTests
{
    [Fact]
    public async Task DispatchAsync_StateChangeInsideTheBundleWindow_GoesOutAtOnceWhileTheRestWaits()
    {
        var channel = new ScriptedChannel("webhook");
        using var dispatcher = Dispatcher(channel, new NotificationDispatcherOptions { QuickRetry = { Delay = TimeSpan.Zero }, BundleWindow = TimeSpan.FromMinutes(1) });
        _outbox.Enqueue(Messages.Create("evt-1/webhook/user:bob"));
        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromSeconds(10));
        var acknowledged = new NotificationMessage("webhook", Messages.Tenant, Messages.Incident, "acknowledged", [Bob], "[P1] Acknowledged: Checkout fails",
            "Alice acknowledged the incident.", null, Priority.P1, "evt-2/webhook/user:bob", Now);
        _outbox.Enqueue(Messages.Create("evt-3/webhook/user:bob"));
        _outbox.Enqueue(acknowledged);
        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (report.Delivered, report.Postponed));
        Assert.Equal(["evt-1/webhook/user:bob", "evt-2/webhook/user:bob"], channel.Accepted.Select(m => m.IdempotencyKey));
        _time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        Assert.Equal("evt-3/webhook/user:bob", channel.Accepted.Last().IdempotencyKey);
    }

    [Fact]
    public async Task DispatchAsync_SendCheckSaysNo_CompletesTheRowWithoutSending()
    {
        var channel = new ScriptedChannel("webhook");
        var check = new NoPages();
        using var dispatcher = Dispatcher(channel, WithCollaborators(TestOptions(), check));
        _outbox.Enqueue(Messages.Create("evt-1/webhook/user:bob"));

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 0, 1), (report.Claimed, report.Delivered, report.Dropped));
        Assert.Empty(channel.Accepted);
        Assert.Equal(0, _outbox.PendingCount);
        Assert.Equal(["evt-1/webhook/user:bob"], check.Asked);
    }

    private sealed class NoPages : INotificationSendCheck
    {
        public List<string> Asked { get; } = [];

        public ValueTask<bool> ShouldSendAsync(NotificationMessage message, Instant now, CancellationToken cancellationToken = default)
        {
            Asked.Add(message.IdempotencyKey);
            return ValueTask.FromResult(false);
        }
    }
}
