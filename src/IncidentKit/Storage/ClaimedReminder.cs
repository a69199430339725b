using IncidentKit.Incidents;
using IncidentKit.Reporting.Reviews;

namespace IncidentKit.Storage;

/// <summary>Describes a reminder a worker has claimed: whose, what and the lease that fences it.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Incident">The incident whose review it belongs to.</param>
/// <param name="Reminder">The reminder.</param>
/// <param name="Lease">The lease the worker holds.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ClaimedReminder(TenantId Tenant, IncidentId Incident, ReviewReminder Reminder, WorkLease Lease);
