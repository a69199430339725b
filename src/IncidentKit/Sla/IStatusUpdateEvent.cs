namespace IncidentKit.Sla;

/// <summary>Marks an incident event as a stakeholder status update: each one restarts the update-cadence clock.</summary>
/// <remarks>Implement it on the communication events (e.g. a posted status update). An <see cref="SlaEngineOptions.IsStatusUpdate"/>
/// predicate can name other events instead.</remarks>
/// <threadsafety>Implementations are immutable events.</threadsafety>
public interface IStatusUpdateEvent;
