using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Records one change to a maintenance window: who did what, when and why.</summary>
/// <param name="Tenant">The window's tenant.</param>
/// <param name="WindowId">The window's id.</param>
/// <param name="Change">What happened.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Reason">Why (1 to 1000 characters).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record MaintenanceWindowAudit(TenantId Tenant, string WindowId, MaintenanceWindowChange Change, Instant At, UserId Actor, string Reason);
