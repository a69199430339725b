namespace IncidentKit.Reporting.Reviews;

/// <summary>Counts notification outcomes on one channel.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Delivered">Deliveries that succeeded.</param>
/// <param name="Failed">Attempts that failed.</param>
/// <param name="Dropped">Notifications dropped (throttled or given up).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewDeliveries(string Channel, int Delivered, int Failed, int Dropped);
