using IncidentKit.Incidents;
using IncidentKit.Reporting.Reviews;

namespace IncidentKit.Storage;

/// <summary>Holds an action item with the incident whose review it belongs to.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Incident">The incident.</param>
/// <param name="Item">The item.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ActionItemRecord(TenantId Tenant, IncidentId Incident, ActionItem Item);
