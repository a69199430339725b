using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using NodaTime;

namespace IncidentKit.Notifications.Tests;

public sealed class InMemoryStoresTests
{
    private static readonly Instant Now = Messages.At;

    [Fact]
    public async Task Outbox_ClaimedButNeverSettled_ClaimableAgainAfterTheLease()
    {
        var outbox = new InMemoryNotificationOutbox(Duration.FromMinutes(1));
        outbox.Enqueue(Messages.Create("k"));

        var first = await outbox.ClaimAsync(10, Now, TestContext.Current.CancellationToken);
        var during = await outbox.ClaimAsync(10, Now + Duration.FromSeconds(59), TestContext.Current.CancellationToken);
        var after = await outbox.ClaimAsync(10, Now + Duration.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Single(first);
        Assert.Empty(during);
        Assert.Equal(first[0].Id, Assert.Single(after).Id);
    }

    [Fact]
    public async Task Outbox_RetryLaterAndAbandon_HonourNotBeforeAndKeepDeadLetters()
    {
        var outbox = new InMemoryNotificationOutbox();
        outbox.Enqueue(Messages.Create("a"));
        outbox.Enqueue(Messages.Create("b"));
        var claimed = await outbox.ClaimAsync(10, Now, TestContext.Current.CancellationToken);

        await outbox.RetryLaterAsync(claimed[0], Now + Duration.FromMinutes(5), "HTTP 503", TestContext.Current.CancellationToken);
        await outbox.AbandonAsync(claimed[1], "HTTP 400", TestContext.Current.CancellationToken);

        Assert.Equal(Now + Duration.FromMinutes(5), outbox.NextDueAt());
        Assert.Empty(await outbox.ClaimAsync(10, Now + Duration.FromMinutes(4), TestContext.Current.CancellationToken));
        Assert.Equal("a", Assert.Single(await outbox.ClaimAsync(10, Now + Duration.FromMinutes(5), TestContext.Current.CancellationToken)).Message.IdempotencyKey);
        Assert.Equal(("b", "HTTP 400"), outbox.GetDeadLetters().Select(d => (d.Notification.Message.IdempotencyKey, d.Reason)).Single());
    }

    [Fact]
    public async Task Ledger_ClaimHoldFailureReleaseDelivered_AnswersInTurn()
    {
        var ledger = new InMemoryDeliveryDeduplicationStore();
        var ct = TestContext.Current.CancellationToken;
        var hold = Duration.FromMinutes(5);

        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 0), await ledger.TryClaimAsync("email", "k", Now, hold, ct));
        Assert.Equal(DeliveryClaimStatus.InFlight, (await ledger.TryClaimAsync("email", "k", Now + Duration.FromMinutes(4), hold, ct)).Status);
        Assert.Equal(DeliveryClaimStatus.Claimed, (await ledger.TryClaimAsync("chat", "k", Now, hold, ct)).Status);
        Assert.Equal(1, await ledger.RecordFailureAsync("email", "k", Now, ct));
        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 1), await ledger.TryClaimAsync("email", "k", Now, hold, ct));
        await ledger.ReleaseAsync("email", "k", ct);
        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 1), await ledger.TryClaimAsync("email", "k", Now, hold, ct));
        await ledger.MarkDeliveredAsync("email", "k", Now, ct);
        Assert.Equal(DeliveryClaimStatus.AlreadyDelivered, (await ledger.TryClaimAsync("email", "k", Now + Duration.FromDays(1), hold, ct)).Status);
        Assert.Equal(DeliveryClaimStatus.InFlight, (await ledger.TryClaimAsync("chat", "k", Now, hold, ct)).Status);
    }

    [Fact]
    public async Task Ledger_EntriesOlderThanRetention_ArePruned()
    {
        var ledger = new InMemoryDeliveryDeduplicationStore(Duration.FromDays(1));
        var ct = TestContext.Current.CancellationToken;
        await ledger.MarkDeliveredAsync("email", "old", Now, ct);

        await ledger.MarkDeliveredAsync("email", "new", Now + Duration.FromDays(2), ct);

        Assert.Equal(1, ledger.Count);
        Assert.Equal(DeliveryClaimStatus.Claimed, (await ledger.TryClaimAsync("email", "old", Now + Duration.FromDays(2), Duration.FromMinutes(1), ct)).Status);
    }
}
