using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Represents what the escalation engine decided for one incident at one instant: the events to record and when to ask again.</summary>
/// <remarks>Record <see cref="Events"/> on the incident (<see cref="Incidents.Incident.RecordEscalation"/>) and append them; only
/// after the append succeeded, send one notification per <see cref="Steps"/> entry to its <see cref="EscalationStepFired.Recipients"/>.
/// If the append fails on a version conflict, load the incident again and decide again: the decision was for <see cref="BasedOnVersion"/>.</remarks>
/// <param name="Events">The events to record, in order: at most a few <see cref="EscalationStarted"/> and <see cref="EscalationStepFired"/>.</param>
/// <param name="Steps">The steps among <paramref name="Events"/>, i.e. the notifications to send.</param>
/// <param name="NextDueAt">When to ask the engine again once these events are recorded, or <see langword="null"/> when nothing will fall due without a new event.</param>
/// <param name="BasedOnVersion">The incident version (number of events) the decision was made for.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct EscalationDecision(IReadOnlyList<IncidentEvent> Events, IReadOnlyList<EscalationStepFired> Steps, Instant? NextDueAt, long BasedOnVersion)
{
    /// <summary>Gets whether nothing is due now.</summary>
    public bool IsEmpty => Events is null || Events.Count == 0;
}
