using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Holds a maintenance window as a store keeps it: the window, when it was created and, once expired, when.</summary>
/// <param name="Window">The window.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiredAt">When it was expired, or <see langword="null"/> while it is live.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record StoredMaintenanceWindow(MaintenanceWindow Window, Instant CreatedAt, Instant? ExpiredAt);
