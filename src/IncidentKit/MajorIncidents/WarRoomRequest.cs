using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.MajorIncidents;

/// <summary>Describes the war room to open for one declaration of a major incident.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Incident">The incident.</param>
/// <param name="Title">The incident's title.</param>
/// <param name="Priority">The incident's priority.</param>
/// <param name="Reason">Why it was declared major.</param>
/// <param name="IdempotencyKey">The same for every attempt of one declaration's room.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record WarRoomRequest(TenantId Tenant, IncidentId Incident, string Title, Priority Priority, string Reason, string IdempotencyKey, int Attempt)
{
    /// <summary>Gets the incident commander, if one holds the role yet.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public UserId? Commander { get; init; }
}
