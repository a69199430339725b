using IncidentKit.Storage;

namespace IncidentKit.Alerts;

/// <summary>Describes an inbox record a processor has claimed under a lease.</summary>
/// <param name="Received">The record.</param>
/// <param name="Lease">The lease that fences it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ClaimedAlert(AlertReceived Received, WorkLease Lease);
