using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;
using IncidentKit.Testing;

namespace IncidentKit.Notifications.Tests;

/// <summary>The page that was queued before the acknowledgement: planned, held in the bundle window, and dropped (on the
/// timeline) when its turn comes after someone answered.</summary>
public sealed partial class IncidentServiceSendCheckTests
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Bob = new("bob");

    [Fact]
    public async Task ShouldSendAsync_PageHeldInTheBundleWindowWhileSomeoneAcknowledges_IsDroppedAndRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = FakeTime.FromUtc(2026, 6, 15, 10, 0);
        var clock = time.Clock;
        var store = new InMemoryIncidentStore(clock);
        var composer = new NotificationComposer(CommunicationPlans.Create(new CommunicationPlanBuilder("pager").UseChannels("pager").Build()));
        var service = new IncidentService(store, clock, new IncidentServiceOptions { Outbox = new NotificationOutboxPlanner(composer, new InMemorySubscriptionStore()) });

        // Level 1 pages Alice; 30 seconds later level 2 pages Alice and Bob. Alice's second page falls in her bundle window.
        var policy = new EscalationPolicyBuilder("fast", "Fast")
            .AddLevel(EscalationKind.Functional, Duration.FromSeconds(30), EscalationTarget.User(Alice))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Alice), EscalationTarget.User(Bob))
            .Build();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCall.OnCallRoster([]), new EscalationDirectory());
        var pager = new CapturingNotificationChannel("pager");
        var check = new IncidentServiceSendCheck(service);
        using var dispatcher = new NotificationDispatcher(new StoreNotificationOutbox(store, "test", Duration.FromMinutes(1)), [pager],
            new InMemoryDeliveryDeduplicationStore(), new NotificationDispatcherOptions { QuickRetry = { Delay = TimeSpan.Zero }, TimeProvider = time, SendCheck = check });

        var incident = await service.OpenAsync(Tenant, new NewIncident { Title = "Checkout fails", Impact = Impact.Medium, Urgency = Urgency.Medium }, new UserId("reporter"), cancellationToken: ct);
        async Task EscalateAsync() => await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.RecordEscalation(engine.Decide(i, now, Complexity.Standard)), ct);

        await EscalateAsync();
        await dispatcher.DispatchAsync(ct);
        time.Advance(Duration.FromSeconds(30));
        await EscalateAsync();
        var held = await dispatcher.DispatchAsync(ct);
        Assert.Equal((1, 1), (held.Delivered, held.Postponed));

        time.Advance(Duration.FromSeconds(15));
        await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.Acknowledge(now, Alice), ct);
        time.Advance(Duration.FromSeconds(15));
        var after = await dispatcher.DispatchAsync(ct);

        Assert.Equal((1, 0), (after.Dropped, after.Delivered));
        Assert.Equal(["user:alice", "user:bob"], pager.Sent.Select(m => m.Recipients.Single().ToString()));
        var stored = await service.FindOrNullAsync(Tenant, incident.Id, ct);
        var dropped = Assert.Single(stored!.Events.OfType<NotificationDropped>());
        Assert.Equal("pager", dropped.Channel);
        Assert.EndsWith("/pager/user:alice", dropped.IdempotencyKey, StringComparison.Ordinal);
        Assert.Contains("acknowledged by alice", dropped.Reason, StringComparison.Ordinal);

        time.Advance(Duration.FromMinutes(10));
        Assert.Equal(0, (await dispatcher.DispatchAsync(ct)).Claimed);
        Assert.Equal(2, pager.Sent.Count);
    }

    [Fact]
    public async Task ShouldSendAsync_ManualEscalationAfterTheAcknowledgement_IsSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 6, 15, 10, 0));
        var service = new IncidentService(new InMemoryIncidentStore(clock), clock);
        var incident = await service.OpenAsync(Tenant, new NewIncident { Title = "Checkout fails", Impact = Impact.Medium, Urgency = Urgency.Medium }, Alice, cancellationToken: ct);
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Alice))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(5), EscalationTarget.User(Bob)).Build();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCall.OnCallRoster([]), new EscalationDirectory());
        await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.RecordEscalation(engine.Decide(i, now, Complexity.Standard)), ct);
        clock.Advance(Duration.FromMinutes(1));
        await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.Acknowledge(now, Alice), ct);
        await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.Escalate(EscalationKind.Hierarchical, "Need a manager", null, now, Alice), ct);
        var after = await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.RecordEscalation(engine.Decide(i, now, Complexity.Standard)), ct);
        var steps = after.Events.OfType<EscalationStepFired>().ToArray();

        var composer = new NotificationComposer();
        var check = new IncidentServiceSendCheck(service);
        var first = composer.Compose(after, steps[0], [])[0];
        var manual = composer.Compose(after, steps[1], []).Single();

        Assert.False(await check.ShouldSendAsync(first, clock.GetCurrentInstant(), ct));
        Assert.True(await check.ShouldSendAsync(manual, clock.GetCurrentInstant(), ct));
        Assert.True(await check.ShouldSendAsync(Messages.Create("other/webhook/user:bob", incident: incident.Id), clock.GetCurrentInstant(), ct));
    }
}
