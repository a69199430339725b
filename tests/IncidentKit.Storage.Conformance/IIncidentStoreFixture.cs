using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>Creates the store a conformance test runs against: one fresh, empty, isolated store per test.</summary>
public interface IIncidentStoreFixture
{
    /// <summary>Creates a fresh store whose due instants and leases are measured with <paramref name="clock"/>.</summary>
    /// <param name="clock">The test's clock; the test advances it to let leases expire.</param>
    /// <returns>The store, disposed by the test.</returns>
    ValueTask<StoreUnderTest> CreateStoreAsync(IClock clock);
}
