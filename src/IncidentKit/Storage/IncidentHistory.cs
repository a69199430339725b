using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

/// <summary>Holds events read from one incident's stream.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Incident">The incident.</param>
/// <param name="Version">The stream's version (its total number of events); 0 when the incident does not exist.</param>
/// <param name="FromVersion">The version the read started after: <see cref="Events"/>[0] is event number <c>FromVersion + 1</c>.</param>
/// <param name="Events">The events read, oldest first.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentHistory(TenantId Tenant, IncidentId Incident, long Version, long FromVersion, IReadOnlyList<IncidentEvent> Events)
{
    /// <summary>Gets whether the incident exists.</summary>
    public bool Exists => Version > 0;
}
