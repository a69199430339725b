using IncidentKit.Incidents;

namespace IncidentKit.Storage.Conformance;

/// <summary>Changes a store's stored events behind the library's back, as someone with database access could.</summary>
public interface ITimelineTamperer
{
    /// <summary>Rewrites one stored event's JSON (an SQL <c>UPDATE</c> of the row).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <param name="edit">Turns the stored JSON into the new JSON.</param>
    /// <returns>A task that completes when the row is changed.</returns>
    Task EditEventAsync(TenantId tenant, IncidentId incident, long version, Func<string, string> edit);

    /// <summary>Deletes one stored event row.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <returns>A task that completes when the row is gone.</returns>
    Task DeleteEventAsync(TenantId tenant, IncidentId incident, long version);

    /// <summary>Swaps the versions of two stored event rows, hashes and all.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="first">One version.</param>
    /// <param name="second">The other version.</param>
    /// <returns>A task that completes when the rows are swapped.</returns>
    Task SwapEventsAsync(TenantId tenant, IncidentId incident, long first, long second);

    /// <summary>Clears the stored hashes of events up to a version, leaving them as rows stored before the chain existed are.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="fromVersion">The first version to clear.</param>
    /// <param name="throughVersion">The last version to clear.</param>
    /// <returns>A task that completes when the hashes are cleared.</returns>
    Task ClearHashesAsync(TenantId tenant, IncidentId incident, long fromVersion, long throughVersion);
}

/// <summary>Creates stores whose stored events a test can tamper with.</summary>
public interface ITamperableStoreFixture : IIncidentStoreFixture
{
    /// <summary>Creates a fresh store and a way to change its stored events directly.</summary>
    /// <param name="clock">The test's clock.</param>
    /// <returns>The store and its tamperer.</returns>
    ValueTask<(StoreUnderTest Store, ITimelineTamperer Tamperer)> CreateTamperableStoreAsync(NodaTime.IClock clock);
}
