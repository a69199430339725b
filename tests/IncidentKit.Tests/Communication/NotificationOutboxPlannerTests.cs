using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Communication;

public sealed class NotificationOutboxPlannerTests
{
    private static readonly Recipient Stakeholders = Recipient.ForGroup("stakeholders");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static NewIncident P1() => new() { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" };

    [Fact]
    public async Task PlanAsync_EventsCallingForNotifications_WrapsEachComposedMessageAsANotificationRow()
    {
        var subscriptions = new InMemorySubscriptionStore([new Subscription(Tenant, Stakeholders, SubscriptionTarget.ForService("checkout"))]);
        var planner = new NotificationOutboxPlanner(new NotificationComposer(), subscriptions);
        var incident = Incident.Open(IncidentId.New(), Tenant, P1(), T0, Alice);
        var now = T0 + Duration.FromSeconds(3);

        var rows = await planner.PlanAsync(incident, incident.PendingEvents, now, Token);

        var row = Assert.Single(rows);
        var message = NotificationMessageSerializer.Deserialize(row.Payload);
        Assert.Equal((incident.Tenant, incident.Id, NotificationOutboxPlanner.MessageKind, now), (row.Tenant, row.Incident, row.Kind, row.CreatedAt));
        Assert.Equal((row.IdempotencyKey, "opened", Stakeholders), (message.IdempotencyKey, message.EventKind, Assert.Single(message.Recipients)));
    }

    [Fact]
    public async Task PlanAsync_SameEventsTwice_GivesTheSameIdempotencyKeys()
    {
        var subscriptions = new InMemorySubscriptionStore([new Subscription(Tenant, Stakeholders, SubscriptionTarget.ForService("checkout"))]);
        var planner = new NotificationOutboxPlanner(new NotificationComposer(), subscriptions);
        var incident = Incident.Open(IncidentId.New(), Tenant, P1(), T0, Alice);

        var first = await planner.PlanAsync(incident, incident.PendingEvents, T0, Token);
        var second = await planner.PlanAsync(incident, incident.PendingEvents, T0 + Duration.FromMinutes(1), Token);

        Assert.Equal(first.Select(r => r.IdempotencyKey), second.Select(r => r.IdempotencyKey));
        Assert.NotEqual(first.Select(r => r.Id), second.Select(r => r.Id));
    }

    [Fact]
    public async Task PlanAsync_EventsThePlanIgnores_ReadsNoSubscriptionsAndPlansNothing()
    {
        var subscriptions = new CountingSubscriptions();
        var planner = new NotificationOutboxPlanner(new NotificationComposer(), subscriptions);
        var incident = Incident.Open(IncidentId.New(), Tenant, P1(), T0, Alice);
        incident.MarkCommitted();
        incident.AddWorkNote("looking at the load balancer", T0 + Duration.FromMinutes(1), Alice);

        var rows = await planner.PlanAsync(incident, incident.PendingEvents, T0 + Duration.FromMinutes(1), Token);

        Assert.Empty(rows);
        Assert.Equal(0, subscriptions.Reads);
    }

    [Fact]
    public async Task IncidentService_WithOutboxPlanner_WritesTheNotificationsOfAUserChangeInTheSameAppend()
    {
        var store = new InMemoryIncidentStore();
        var subscriptions = new InMemorySubscriptionStore([new Subscription(Tenant, Stakeholders, SubscriptionTarget.ForService("checkout"))]);
        var clock = new FakeClock(T0);
        var service = new IncidentService(store, clock, new IncidentServiceOptions { Outbox = new NotificationOutboxPlanner(new NotificationComposer(), subscriptions) });
        var incident = await service.OpenAsync(Tenant, P1(), Alice, cancellationToken: Token);
        clock.Advance(Duration.FromMinutes(2));

        var acknowledged = await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.Acknowledge(now, Bob), Token);

        var rows = await store.ListOutboxAsync(Tenant, 100, Token);
        var kinds = rows.Select(r => NotificationMessageSerializer.Deserialize(r.Payload).EventKind).ToList();
        Assert.Equal(["opened", "acknowledged"], kinds);
        Assert.Equal(T0 + Duration.FromMinutes(2), rows[1].CreatedAt);
        var ack = acknowledged.Events.OfType<IncidentAcknowledged>().Single();
        Assert.StartsWith($"{ack.EventId:N}/", rows[1].IdempotencyKey, StringComparison.Ordinal);
    }

    private sealed class CountingSubscriptions : ISubscriptionStore
    {
        public int Reads { get; private set; }

        public ValueTask AddAsync(Subscription subscription, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<bool> RemoveAsync(TenantId tenant, Recipient subscriber, SubscriptionTarget target, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(false);

        public ValueTask<IReadOnlyList<Subscription>> FindForAsync(Incident incident, CancellationToken cancellationToken = default)
        {
            Reads++;
            return ValueTask.FromResult<IReadOnlyList<Subscription>>([]);
        }
    }
}
