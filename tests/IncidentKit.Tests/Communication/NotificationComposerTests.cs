using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using NodaTime;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public partial class NotificationComposerTests
{
    private static readonly Recipient Cto = Recipient.ForAddress("cto@example.com");
    private static readonly Recipient Carol = Recipient.ForUser(new UserId("carol"));
    private static readonly Recipient NetTeam = Recipient.ForGroup("network");
    private readonly NotificationComposer _composer = new(incidentLinkBase: new Uri("https://ops.example.com/incidents/"));

    [Fact]
    public void WhoToTell_MatchesIncidentServiceAndCategorySubscriptions()
    {
        var incident = OpenP1(service: "payments", category: "network/vpn");
        var other = IncidentId.New();
        Subscription[] subscriptions =
        [
            new(Tenant, Carol, SubscriptionTarget.ForIncident(incident.Id)),
            new(Tenant, Recipient.ForUser(new UserId("dave")), SubscriptionTarget.ForIncident(other)),
            new(Tenant, Cto, SubscriptionTarget.ForService("Payments"), Audience.External),
            new(Tenant, NetTeam, SubscriptionTarget.ForCategory(new CategoryPath("network")), Audience.Internal, ["chat"]),
            new(Tenant, Recipient.ForGroup("storage"), SubscriptionTarget.ForCategory(new CategoryPath("storage"))),
            new(new TenantId("other"), Recipient.ForUser(new UserId("eve")), SubscriptionTarget.ForService("payments")),
        ];

        var told = _composer.WhoToTell(incident, incident.Events[0], subscriptions);

        Assert.Equal(
        [
            new NotificationAddressee(Recipient.ForGroup("payments-oncall"), "email", Audience.Internal),
            new NotificationAddressee(Carol, "email", Audience.Internal),
            new NotificationAddressee(Cto, "email", Audience.External),
            new NotificationAddressee(NetTeam, "chat", Audience.Internal),
        ], told);
    }

    [Fact]
    public void WhoToTell_InternalStatusUpdate_SkipsExternalSubscribers()
    {
        var incident = OpenP1();
        Subscription[] subscriptions =
        [
            new(Tenant, Carol, SubscriptionTarget.ForIncident(incident.Id)),
            new(Tenant, Cto, SubscriptionTarget.ForIncident(incident.Id), Audience.External),
        ];
        incident.PostStatusUpdate("Suspect the new gateway certificate.", Audience.Internal, OpenedAt + Duration.FromMinutes(5), Bob);
        var internalUpdate = incident.Events[^1];
        incident.PostStatusUpdate("Payments are failing for some EU customers; next update 11:00.", Audience.External, OpenedAt + Duration.FromMinutes(6), Bob);
        var externalUpdate = incident.Events[^1];

        Assert.DoesNotContain(_composer.WhoToTell(incident, internalUpdate, subscriptions), a => a.Recipient == Cto);
        Assert.Contains(_composer.WhoToTell(incident, externalUpdate, subscriptions), a => a.Recipient == Cto);
    }

    [Fact]
    public void WhoToTell_ExternalSubscriber_HearsStateChangesButNotSlaWarnings()
    {
        var incident = OpenP1();
        var cto = new Subscription(Tenant, Cto, SubscriptionTarget.ForIncident(incident.Id), Audience.External);
        incident.RecordExternal(new IncidentKit.Incidents.Events.SlaBreached(Guid.NewGuid(), OpenedAt + Duration.FromMinutes(15), UserId.System, IncidentKit.Sla.SlaTargetKind.Response, 1, OpenedAt + Duration.FromMinutes(15)));

        Assert.Contains(_composer.WhoToTell(incident, incident.Events[0], [cto]), a => a.Recipient == Cto);
        Assert.DoesNotContain(_composer.WhoToTell(incident, incident.Events[^1], [cto]), a => a.Recipient == Cto);
    }

    [Fact]
    public void WhoToTell_Actor_IsNotToldAboutOwnAction()
    {
        var incident = OpenP1();
        incident.Assign(Bob, null, OpenedAt + Duration.FromMinutes(1), Alice);
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(2), Bob);

        var told = _composer.WhoToTell(incident, incident.Events[^1], [new Subscription(Tenant, Carol, SubscriptionTarget.ForIncident(incident.Id))]);

        Assert.Equal([Carol], told.Select(a => a.Recipient));
    }

    [Fact]
    public void WhoToTell_P3WorkNote_NobodyBecausePlanNotifiesOnStateChangesOnly()
    {
        var incident = OpenP3();
        incident.AddWorkNote("checked logs", OpenedAt + Duration.FromMinutes(1), Bob);

        Assert.Empty(_composer.WhoToTell(incident, incident.Events[^1], [new Subscription(Tenant, Carol, SubscriptionTarget.ForService("payments"))]));
        Assert.NotEmpty(_composer.WhoToTell(incident, incident.Events[0], [new Subscription(Tenant, Carol, SubscriptionTarget.ForService("payments"))]));
    }

    [Fact]
    public void Compose_SameEventTwice_GivesSameIdempotencyKeysOneMessagePerRecipient()
    {
        var incident = OpenP1();
        Subscription[] subscriptions = [new(Tenant, Carol, SubscriptionTarget.ForIncident(incident.Id)), new(Tenant, Cto, SubscriptionTarget.ForService("payments"))];

        var first = _composer.Compose(incident, incident.Events[0], subscriptions);
        var again = _composer.Compose(incident, incident.Events[0], subscriptions);

        Assert.Equal(3, first.Count);
        Assert.All(first, m => Assert.Single(m.Recipients));
        Assert.Equal(first.Select(m => m.IdempotencyKey), again.Select(m => m.IdempotencyKey));
        Assert.Equal(3, first.Select(m => m.IdempotencyKey).Distinct().Count());
        Assert.All(first, m => Assert.Equal(new Uri($"https://ops.example.com/incidents/{incident.Id}"), m.Link));
        Assert.All(first, m => Assert.Equal("opened", m.EventKind));
    }

    [Fact]
    public void ComposeExecutiveSummary_P1_GoesToExecutivesKeyedBySlot()
    {
        var incident = OpenP1();
        var slot = OpenedAt + Duration.FromHours(1);

        var messages = _composer.ComposeExecutiveSummary(incident, slot, slot + Duration.FromSeconds(3));

        var message = Assert.Single(messages);
        Assert.Equal([Recipient.ForGroup("executives")], message.Recipients);
        Assert.Equal(NotificationEventKinds.ExecutiveSummary, message.EventKind);
        Assert.Equal(message.IdempotencyKey, _composer.ComposeExecutiveSummary(incident, slot, slot + Duration.FromMinutes(1))[0].IdempotencyKey);
        Assert.Empty(_composer.ComposeExecutiveSummary(OpenP3(), slot, slot));
    }

    [Fact]
    public void ComposeStatusUpdateReminder_GoesToAssignee()
    {
        var incident = OpenP1();
        incident.Assign(Bob, null, OpenedAt + Duration.FromMinutes(1), Alice);
        var due = StatusUpdateSchedule.NextStatusUpdateDue(incident, _composer.Plans.ForPriority(incident.Priority))!.Value;

        var message = Assert.Single(_composer.ComposeStatusUpdateReminder(incident, due, due - Duration.FromMinutes(5)));

        Assert.Equal([Recipient.ForUser(Bob)], message.Recipients);
        Assert.Equal("Status update due 2026-06-15 10:37 UTC: Checkout fails for EU customers", message.Subject);
    }

    [Fact]
    public void Compose_StatusUpdateDueEvent_IsTheOwnersReminder()
    {
        var incident = OpenP1();
        incident.Assign(Bob, null, OpenedAt + Duration.FromMinutes(1), Alice);
        var due = StatusUpdateSchedule.NextStatusUpdateDue(incident, _composer.Plans.ForPriority(incident.Priority))!.Value;
        incident.RecordStatusUpdateDue(due, due - Duration.FromMinutes(5));

        var message = Assert.Single(_composer.Compose(incident, incident.Events[^1], []));

        Assert.Equal(NotificationEventKinds.StatusUpdateDue, message.EventKind);
        Assert.Equal([Recipient.ForUser(Bob)], message.Recipients);
        Assert.Equal(_composer.ComposeStatusUpdateReminder(incident, due, due - Duration.FromMinutes(5))[0].IdempotencyKey, message.IdempotencyKey);
    }

    [Fact]
    public void Compose_ExecutiveSummaryDueEvent_IsTheSlotsSummary()
    {
        var incident = OpenP1();
        var slot = OpenedAt + Duration.FromHours(1);
        incident.RecordExecutiveSummaryDue(slot, slot + Duration.FromMinutes(2));

        var message = Assert.Single(_composer.Compose(incident, incident.Events[^1], []));

        Assert.Equal(NotificationEventKinds.ExecutiveSummary, message.EventKind);
        Assert.Equal([Recipient.ForGroup("executives")], message.Recipients);
        Assert.Equal(_composer.ComposeExecutiveSummary(incident, slot, slot)[0].IdempotencyKey, message.IdempotencyKey);
    }

    [Fact]
    public void Compose_LongRecipient_KeyFitsTheOutboxAndStaysUniqueAndStable()
    {
        var incident = OpenP1();
        var longA = Recipient.ForAddress(new string('a', 240) + "@example.com");
        var longB = Recipient.ForAddress(new string('a', 240) + "@example.org");
        Subscription[] subscriptions = [new(Tenant, longA, SubscriptionTarget.ForIncident(incident.Id)), new(Tenant, longB, SubscriptionTarget.ForIncident(incident.Id))];

        var keys = _composer.Compose(incident, incident.Events[0], subscriptions).Skip(1).Select(m => m.IdempotencyKey).ToList();

        Assert.All(keys, k => Assert.Equal(NotificationMessage.MaxKeyLength, k.Length));
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(keys, _composer.Compose(incident, incident.Events[0], subscriptions).Skip(1).Select(m => m.IdempotencyKey));
    }

    [Theory]
    [InlineData("https://ops.example.com/incidents")]
    [InlineData("https://ops.example.com/incidents/")]
    public void LinkTo_BaseWithOrWithoutSlash_AppendsTheIncidentId(string linkBase)
    {
        var incident = OpenP1();

        var link = new NotificationComposer(incidentLinkBase: new Uri(linkBase)).LinkTo(incident);

        Assert.Equal($"https://ops.example.com/incidents/{incident.Id}", link!.ToString());
    }
}
