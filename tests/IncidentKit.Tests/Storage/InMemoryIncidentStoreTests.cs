using IncidentKit.Storage;
using IncidentKit.Storage.Conformance;
using NodaTime;

[assembly: AssemblyFixture(typeof(IncidentKit.Tests.Storage.InMemoryStoreFixture))]
[assembly: AssemblyFixture(typeof(IncidentKit.Tests.Storage.InMemoryStateFixture))]

namespace IncidentKit.Tests.Storage;

// The whole store contract, run against the in-memory store: one line per concern.
public sealed class InMemoryStreamTests(InMemoryStoreFixture f) : StreamConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryListingTests(InMemoryStoreFixture f) : ListingConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryDueWorkTests(InMemoryStoreFixture f) : DueWorkConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryOutboxTests(InMemoryStoreFixture f) : OutboxConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryDrillTests(InMemoryStoreFixture f) : ReliabilityDrillTests<InMemoryStoreFixture>(f);

public sealed class InMemoryTimelineTests(InMemoryStoreFixture f) : TimelineConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryLeaseRenewalTests(InMemoryStoreFixture f) : LeaseRenewalConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryStoreFixture : IIncidentStoreFixture
{
    public ValueTask<StoreUnderTest> CreateStoreAsync(IClock clock) => ValueTask.FromResult(StoreUnderTest.Of(new InMemoryIncidentStore(clock)));
}

public sealed class InMemoryIncidentStoreTests
{
    [Fact]
    public async Task ClaimDueAsync_WithoutClock_ThrowsInvalidOperation()
    {
        var store = new InMemoryIncidentStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ClaimDueAsync("w", Duration.FromSeconds(5), 1, TestContext.Current.CancellationToken).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ClaimOutboxAsync("w", Duration.FromSeconds(5), 1, TestContext.Current.CancellationToken).AsTask());
    }
}

public sealed class InMemoryStateTests(InMemoryStateFixture f) : StateConformanceTests<InMemoryStateFixture>(f);

// The in-memory state stores are separate objects beside the in-memory incident store.
public sealed class InMemoryStateFixture : IIncidentStoreFixture, IStateStoreFixture
{
    public ValueTask<StoreUnderTest> CreateStoreAsync(IClock clock) => ValueTask.FromResult(StoreUnderTest.Of(new InMemoryIncidentStore(clock)));

    public StateStores CreateStateStores(StoreUnderTest store) => new(
        new global::IncidentKit.Communication.InMemorySubscriptionStore(),
        new global::IncidentKit.OnCall.InMemoryOnCallAdjustmentStore(),
        new global::IncidentKit.Communication.InMemoryDeliveryDeduplicationStore(),
        new global::IncidentKit.Communication.InMemoryNotificationThrottleStore(),
        (IOutboxDeadLetterStore)store.Outbox);
}
