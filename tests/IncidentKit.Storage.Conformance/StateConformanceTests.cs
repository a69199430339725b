using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the contract of the state that must survive a restart and be shared by nodes: subscriptions, on-call
/// adjustments, the delivery ledger, throttling windows and the outbox's dead letters.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class StateConformanceTests<TFixture> : StoreConformanceTests<TFixture>
    where TFixture : class, IIncidentStoreFixture
{
    private readonly TFixture _fixture;

    /// <summary>Initializes the tests.</summary>
    /// <param name="fixture">The fixture that creates stores.</param>
    protected StateConformanceTests(TFixture fixture)
        : base(fixture) => _fixture = fixture;

    private static readonly Duration Lease = Duration.FromSeconds(30);
    private static readonly Duration Hold = Duration.FromMinutes(5);
    private static readonly Duration Window = Duration.FromMinutes(1);
    private static readonly Recipient Alice = Recipient.ForUser(new UserId("alice"));
    private static readonly Recipient Bob = Recipient.ForUser(new UserId("bob"));
    private static readonly ScheduleId Primary = new("primary");

    private StateStores? _state;

    /// <summary>Gets the shared-state ports of the store under test.</summary>
    protected StateStores State => _state ??= _fixture is IStateStoreFixture f ? f.CreateStateStores(Store) : StateStores.Of(Store);

    [Fact]
    public async Task FindForAsync_ByIncidentServiceAndCategory_ReturnsTenantsMatchesInOrderAdded()
    {
        var incident = NewIncident(TenantA, category: "network/vpn");
        var byCategory = new Subscription(TenantA, Alice, SubscriptionTarget.ForCategory(new("Network")), Audience.External, ["email", "sms"]);
        var byService = new Subscription(TenantA, Bob, SubscriptionTarget.ForService("checkout"));
        var byIncident = new Subscription(TenantA, Bob, SubscriptionTarget.ForIncident(incident.Id), channels: ["chat"]);
        var otherIncident = new Subscription(TenantA, Alice, SubscriptionTarget.ForIncident(IncidentId.New()));
        var otherService = new Subscription(TenantA, Alice, SubscriptionTarget.ForService("billing"));
        var otherTenant = new Subscription(TenantB, Alice, SubscriptionTarget.ForService("checkout"));
        foreach (var s in new[] { byCategory, otherIncident, byService, otherService, otherTenant, byIncident })
        {
            await State.Subscriptions.AddAsync(s, Ct);
        }

        var found = await State.Subscriptions.FindForAsync(incident, Ct);

        Assert.Equal([Text(byCategory), Text(byService), Text(byIncident)], found.Select(Text));
        Assert.Equal([Text(otherTenant)], (await State.Subscriptions.FindForAsync(NewIncident(TenantB), Ct)).Select(Text));
    }

    [Fact]
    public async Task AddAsync_SameTenantSubscriberAndTarget_ReplacesAudienceAndChannelsInPlace()
    {
        var incident = NewIncident(TenantA);
        await State.Subscriptions.AddAsync(new Subscription(TenantA, Alice, SubscriptionTarget.ForService("checkout")), Ct);
        await State.Subscriptions.AddAsync(new Subscription(TenantA, Bob, SubscriptionTarget.ForService("checkout")), Ct);
        var replaced = new Subscription(TenantA, Alice, SubscriptionTarget.ForService("checkout"), Audience.External, ["sms"]);

        await State.Subscriptions.AddAsync(replaced, Ct);

        var found = await State.Subscriptions.FindForAsync(incident, Ct);
        Assert.Equal([Text(replaced), Text(new Subscription(TenantA, Bob, SubscriptionTarget.ForService("checkout")))], found.Select(Text));
    }

    [Fact]
    public async Task RemoveAsync_RemovesOnlyThatTenantsSubscription()
    {
        var target = SubscriptionTarget.ForService("checkout");
        await State.Subscriptions.AddAsync(new Subscription(TenantA, Alice, target), Ct);
        await State.Subscriptions.AddAsync(new Subscription(TenantB, Alice, target), Ct);

        Assert.True(await State.Subscriptions.RemoveAsync(TenantA, Alice, target, Ct));
        Assert.False(await State.Subscriptions.RemoveAsync(TenantA, Alice, target, Ct));

        Assert.Empty(await State.Subscriptions.FindForAsync(NewIncident(TenantA), Ct));
        Assert.Single(await State.Subscriptions.FindForAsync(NewIncident(TenantB), Ct));
    }

    [Fact]
    public async Task TryClaimAsync_HeldDeliveredFailedReleased_AnswersAsTheLedgerSays()
    {
        var ledger = State.Ledger;

        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 0), await ledger.TryClaimAsync("email", "k1", Now, Hold, Ct));
        Assert.Equal(DeliveryClaimStatus.InFlight, (await ledger.TryClaimAsync("email", "k1", Now + Duration.FromMinutes(4), Hold, Ct)).Status);
        Assert.Equal(DeliveryClaimStatus.Claimed, (await ledger.TryClaimAsync("sms", "k1", Now, Hold, Ct)).Status);

        Assert.Equal(1, await ledger.RecordFailureAsync("email", "k1", Now, Ct));
        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 1), await ledger.TryClaimAsync("email", "k1", Now, Hold, Ct));
        await ledger.ReleaseAsync("email", "k1", Ct);
        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 1), await ledger.TryClaimAsync("email", "k1", Now, Hold, Ct));

        // A sender that died: its hold runs out and another may take the key over.
        Assert.Equal(new DeliveryClaim(DeliveryClaimStatus.Claimed, 1), await ledger.TryClaimAsync("email", "k1", Now + Hold, Hold, Ct));
        await ledger.MarkDeliveredAsync("email", "k1", Now, Ct);
        Assert.Equal(DeliveryClaimStatus.AlreadyDelivered, (await ledger.TryClaimAsync("email", "k1", Now + Duration.FromDays(1), Hold, Ct)).Status);
        await ledger.ReleaseAsync("email", "k1", Ct);
        Assert.Equal(DeliveryClaimStatus.AlreadyDelivered, (await ledger.TryClaimAsync("email", "k1", Now, Hold, Ct)).Status);
    }

    [Fact]
    public async Task TryClaimAsync_ManyAtOnce_OneClaimsTheKey()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => State.Ledger.TryClaimAsync("email", "contended", Now, Hold, Ct).AsTask()));

        Assert.Single(claims, c => c.Status == DeliveryClaimStatus.Claimed);
        Assert.Equal(7, claims.Count(c => c.Status == DeliveryClaimStatus.InFlight));
    }

    [Fact]
    public async Task TryBeginAsync_WhileWindowHeld_ReturnsItsEndUntilItPasses()
    {
        var throttle = State.Throttle;

        Assert.Null(await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now, Window, Ct));
        Assert.Equal(Now + Window, await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(10), Window, Ct));
        Assert.Null(await throttle.TryBeginAsync(TenantB, "email", "user:alice", Now, Window, Ct));
        Assert.Null(await throttle.TryBeginAsync(TenantA, "sms", "user:alice", Now, Window, Ct));
        Assert.Null(await throttle.TryBeginAsync(TenantA, "email", "user:bob", Now, Window, Ct));

        await throttle.RecordSentAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(5), Window, Ct);
        Assert.Equal(Now + Duration.FromSeconds(5) + Window, await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now + Window, Window, Ct));
        Assert.Null(await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(5) + Window, Window, Ct));
    }

    [Fact]
    public async Task ReleaseAsync_WindowNotSentIn_FreesItButKeepsARestartedOne()
    {
        var throttle = State.Throttle;
        Assert.Null(await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now, Window, Ct));

        await throttle.ReleaseAsync(TenantA, "email", "user:alice", Now, Ct);
        Assert.Null(await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(1), Window, Ct));

        await throttle.RecordSentAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(2), Window, Ct);
        await throttle.ReleaseAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(1), Ct);
        Assert.NotNull(await throttle.TryBeginAsync(TenantA, "email", "user:alice", Now + Duration.FromSeconds(3), Window, Ct));
    }

    [Fact]
    public async Task TryBeginAsync_ManyAtOnce_OneTakesTheWindow()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => State.Throttle.TryBeginAsync(TenantA, "email", "user:alice", Now, Window, Ct).AsTask()));

        Assert.Single(answers, a => a is null);
    }

    [Fact]
    public async Task TryBeginAsync_BadInput_ThrowsNamingTheField()
    {
        Assert.Equal("window", (await Assert.ThrowsAsync<ArgumentException>(() => State.Throttle.TryBeginAsync(TenantA, "email", "k", Now, Duration.Zero, Ct).AsTask())).ParamName);
        Assert.Equal("recipients", (await Assert.ThrowsAsync<ArgumentException>(() => State.Throttle.TryBeginAsync(TenantA, "email", "", Now, Window, Ct).AsTask())).ParamName);
        Assert.Equal("tenant", (await Assert.ThrowsAsync<ArgumentException>(() => State.Throttle.TryBeginAsync(default, "email", "k", Now, Window, Ct).AsTask())).ParamName);
    }

    [Fact]
    public async Task DeadLetterOutboxAsync_HeldClaim_LeavesOutboxAndIsListedCountedAndNeverClaimed()
    {
        var incident = await StoreNewAsync(TenantA);
        var message = Message(incident);
        await AddNoteAsync(incident, null, message);
        var claim = Assert.Single(await Outbox.ClaimOutboxAsync("d1", Lease, 10, Ct));

        Assert.True(await State.DeadLetters.DeadLetterOutboxAsync(claim, "abandoned: 410 Gone", Ct));

        Assert.Empty(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        var dead = Assert.Single(await State.DeadLetters.ListDeadLettersAsync(TenantA, 100, Ct));
        Assert.Equal(new DeadLetter(message, 1, "abandoned: 410 Gone", Now), dead);
        Assert.Equal(1, await State.DeadLetters.CountDeadLettersAsync(TenantA, Ct));
        Assert.Equal(0, await State.DeadLetters.CountDeadLettersAsync(TenantB, Ct));
        Assert.Empty(await State.DeadLetters.ListDeadLettersAsync(TenantB, 100, Ct));
        Clock.Advance(Duration.FromDays(365 * 200));
        Assert.Empty(await Outbox.ClaimOutboxAsync("d2", Lease, 10, Ct));
    }

    [Fact]
    public async Task DeadLetterOutboxAsync_LapsedLease_ChangesNothing()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident));
        var stale = Assert.Single(await Outbox.ClaimOutboxAsync("d1", Lease, 10, Ct));
        Clock.Advance(Lease);
        Assert.Single(await Outbox.ClaimOutboxAsync("d2", Lease, 10, Ct));

        Assert.False(await State.DeadLetters.DeadLetterOutboxAsync(stale, "late", Ct));

        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Assert.Empty(await State.DeadLetters.ListDeadLettersAsync(TenantA, 100, Ct));
    }

    [Fact]
    public async Task RequeueDeadLetterAsync_OwnTenant_MakesItClaimableAtOnce_OtherTenantCannot()
    {
        var incident = await StoreNewAsync(TenantA);
        var message = Message(incident);
        await AddNoteAsync(incident, null, message);
        var claim = Assert.Single(await Outbox.ClaimOutboxAsync("d1", Lease, 10, Ct));
        await State.DeadLetters.DeadLetterOutboxAsync(claim, "gave up", Ct);
        Clock.Advance(Duration.FromHours(1));

        Assert.False(await State.DeadLetters.RequeueDeadLetterAsync(TenantB, message.Id, Ct));
        Assert.False(await State.DeadLetters.RequeueDeadLetterAsync(TenantA, Guid.NewGuid(), Ct));
        Assert.True(await State.DeadLetters.RequeueDeadLetterAsync(TenantA, message.Id, Ct));

        Assert.Empty(await State.DeadLetters.ListDeadLettersAsync(TenantA, 100, Ct));
        var again = Assert.Single(await Outbox.ClaimOutboxAsync("d2", Lease, 10, Ct));
        Assert.Equal(message, again.Message);
        Assert.Equal(1, again.Attempts);
        Assert.Equal("gave up", again.LastError);
        Assert.False(await State.DeadLetters.RequeueDeadLetterAsync(TenantA, message.Id, Ct));
    }

    [Fact]
    public async Task ListAsync_Adjustments_InOrderAddedWithoutEndedOnes()
    {
        var tonight = Override(Now + Duration.FromHours(8), Now + Duration.FromHours(20), "carol", "alice");
        var swap = OnCallAdjustment.ForTemporarySchedule(Guid.NewGuid(), new ScheduleId("dba"), new Interval(Now, Now + Duration.FromDays(2)),
            [new TemporaryShift(new Interval(Now, Now + Duration.FromDays(1)), [new UserId("dave"), new UserId("erin")])], new UserId("lead"), Now, "holiday cover");
        var ended = Override(Now - Duration.FromHours(5), Now - Duration.FromHours(1), "bob", null);
        var earlier = Override(Now, Now + Duration.FromHours(1), "bob", null);
        foreach (var a in new[] { tonight, ended, swap, earlier })
        {
            Assert.True(await State.Adjustments.AddAsync(a, Ct));
        }

        var listed = await State.Adjustments.ListAsync(Now, Ct);

        Assert.Equal(new[] { tonight, swap, earlier }.Select(OnCallAdjustmentSerializer.Serialize), listed.Select(OnCallAdjustmentSerializer.Serialize));
        Assert.Equal(4, (await State.Adjustments.ListAsync(Now - Duration.FromDays(1), Ct)).Count);
    }

    [Fact]
    public async Task AddAsync_SameIdAgain_IsARepeatOrRefused()
    {
        var tonight = Override(Now, Now + Duration.FromHours(8), "carol", "alice");
        Assert.True(await State.Adjustments.AddAsync(tonight, Ct));

        Assert.False(await State.Adjustments.AddAsync(tonight, Ct));
        var other = OnCallAdjustment.ForOverride(tonight.Id, Primary, new ScheduleOverride(tonight.Interval, new UserId("dave")), new UserId("lead"), Now);
        await Assert.ThrowsAsync<ArgumentException>(() => State.Adjustments.AddAsync(other, Ct).AsTask());

        Assert.Single(await State.Adjustments.ListAsync(Now, Ct));
    }

    [Fact]
    public async Task RemoveAsync_Adjustment_ReturnsItOnce()
    {
        var tonight = Override(Now, Now + Duration.FromHours(8), "carol", "alice");
        await State.Adjustments.AddAsync(tonight, Ct);

        var removed = await State.Adjustments.RemoveAsync(tonight.Id, Ct);

        Assert.Equal(OnCallAdjustmentSerializer.Serialize(tonight), OnCallAdjustmentSerializer.Serialize(removed!));
        Assert.Null(await State.Adjustments.RemoveAsync(tonight.Id, Ct));
        Assert.Empty(await State.Adjustments.ListAsync(Now, Ct));
    }

    private OnCallAdjustment Override(Instant start, Instant end, string onCall, string? replacing) =>
        OnCallAdjustment.ForOverride(Guid.NewGuid(), Primary, new ScheduleOverride(new Interval(start, end), new UserId(onCall), replacing is null ? null : new UserId(replacing)),
            new UserId("lead"), Now, null);

    private static string Text(Subscription s) => $"{s.Tenant}|{s} |{string.Join(',', s.Channels)}";
}
