using IncidentKit.Storage;
using IncidentKit.Storage.Conformance;
using NodaTime;

[assembly: AssemblyFixture(typeof(IncidentKit.Tests.Storage.InMemoryStoreFixture))]

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
