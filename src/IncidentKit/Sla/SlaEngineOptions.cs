using IncidentKit.Incidents.Events;

namespace IncidentKit.Sla;

/// <summary>Holds the options of an <see cref="SlaEngine"/>.</summary>
/// <threadsafety>This type is mutable; do not change an instance after handing it to an engine.</threadsafety>
public sealed class SlaEngineOptions
{
    /// <summary>Gets or sets the predicate that recognises a stakeholder status update, which restarts the update-cadence clock.</summary>
    /// <value>The default value is <see langword="null"/>: events implementing <see cref="IStatusUpdateEvent"/> are status updates.</value>
    public Func<IncidentEvent, bool>? IsStatusUpdate { get; set; }
}
