using IncidentKit.Escalation;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Incidents;

// Escalation is decided by the pure EscalationEngine; the incident only records what was decided, after checking the decision
// was made for exactly this version, so a stale decision (another writer went first) can never fire a step twice.
public sealed partial class Incident
{
    /// <summary>Records the events of an escalation decision (a start with its policy snapshot, the steps that fired, and those skipped because their level was already paged in the cycle).</summary>
    /// <param name="decision">The decision, made by <see cref="EscalationEngine"/> for this incident at its current version.</param>
    /// <exception cref="ArgumentException">The decision was made for another version of the incident, holds an event other than
    /// <see cref="EscalationStarted"/>, <see cref="EscalationStepFired"/> or <see cref="EscalationStepSkipped"/>, or an event precedes the opening.</exception>
    public void RecordEscalation(EscalationDecision decision)
    {
        if (decision.BasedOnVersion != Version)
        {
            throw new ArgumentException(
                $"The escalation decision was made for version {decision.BasedOnVersion}, but the incident is at version {Version}; decide again.", nameof(decision));
        }

        var events = decision.Events ?? [];
        if (events.FirstOrDefault(e => e is not (EscalationStarted or EscalationStepFired or EscalationStepSkipped)) is { } other)
        {
            throw new ArgumentException($"An escalation decision records only escalation events, not {other.GetType().Name}.", nameof(decision));
        }

        foreach (var e in events)
        {
            RecordExternal(e);
        }
    }
}
