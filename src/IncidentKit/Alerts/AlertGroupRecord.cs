using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Holds one alert group's stored state: opaque JSON written by the intake, versioned for compare-and-set.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="GroupKey">The group's key.</param>
/// <param name="Version">The version: 1 after the first save, one more after each.</param>
/// <param name="State">The state, as the intake serialised it.</param>
/// <param name="NextCheckAt">When time alone may change the group (a hold-down, a silence or a heartbeat deadline), if ever.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertGroupRecord(TenantId Tenant, string GroupKey, long Version, string State, Instant? NextCheckAt);
