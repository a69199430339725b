using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Describes a due item a worker has claimed: whose incident, what is due and the lease that fences it.</summary>
/// <param name="Tenant">The tenant the incident belongs to.</param>
/// <param name="Incident">The incident.</param>
/// <param name="Due">The work that fell due.</param>
/// <param name="Lease">The lease the worker holds.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ClaimedDueWork(TenantId Tenant, IncidentId Incident, DueWork Due, WorkLease Lease);
