using IncidentKit.Categories;
using IncidentKit.Communication;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public class InMemorySubscriptionStoreTests
{
    private static readonly Recipient Carol = Recipient.ForUser(new UserId("carol"));

    [Fact]
    public async Task FindForAsync_MatchesTenantAndTarget_ReplacesSameIdentity_Removes()
    {
        var ct = TestContext.Current.CancellationToken;
        var incident = OpenP1(service: "payments", category: "network/vpn");
        var store = new InMemorySubscriptionStore(
        [
            new(Tenant, Carol, SubscriptionTarget.ForService("payments")),
            new(new TenantId("other"), Carol, SubscriptionTarget.ForService("payments")),
            new(Tenant, Recipient.ForGroup("network"), SubscriptionTarget.ForCategory(new CategoryPath("network"))),
            new(Tenant, Recipient.ForGroup("storage"), SubscriptionTarget.ForCategory(new CategoryPath("storage"))),
        ]);
        await store.AddAsync(new Subscription(Tenant, Carol, SubscriptionTarget.ForService("payments"), Audience.External, ["chat"]), ct);

        var found = await store.FindForAsync(incident, ct);

        Assert.Equal([Carol, Recipient.ForGroup("network")], found.Select(s => s.Subscriber));
        Assert.Equal((Audience.External, "chat"), (found[0].Audience, found[0].Channels.Single()));
        Assert.True(await store.RemoveAsync(Tenant, Carol, SubscriptionTarget.ForService("payments"), ct));
        Assert.False(await store.RemoveAsync(Tenant, Carol, SubscriptionTarget.ForService("payments"), ct));
        Assert.Equal([Recipient.ForGroup("network")], (await store.FindForAsync(incident, ct)).Select(s => s.Subscriber));
    }
}
