using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an escalation step fired: one level was notified, resolved to concrete people.</summary>
/// <remarks>The fired step is this event: once recorded, the engine never fires the same step again, and a host that restarts
/// rebuilds the escalation from these events. Notifications are sent after the event is stored.
/// Its fields are <see langword="init"/> properties (those every such event has are <see langword="required"/>), so the
/// event can gain fields without breaking the code that creates it; the stored JSON is byte for byte what the positional
/// record wrote (same names, same order).</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it fired.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EscalationStepFired(Guid EventId, Instant At, UserId Actor) : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the level (1-based) notified.</summary>
    public required int Level { get; init; }

    /// <summary>Gets the round (1-based) of the policy's walk; 2 and above are repeats.</summary>
    public required int Round { get; init; }

    /// <summary>Gets the level's kind: functional or hierarchical.</summary>
    public required EscalationKind Kind { get; init; }

    /// <summary>Gets why it fired.</summary>
    public required EscalationTrigger Trigger { get; init; }

    /// <summary>Gets when it was due: the walk's scheduled instant for a timeout, the cause's instant otherwise. Later than
    /// <see cref="IncidentEvent.At"/> never; earlier after a host was down.</summary>
    public required Instant DueAt { get; init; }

    /// <summary>Gets the level's targets.</summary>
    public required IReadOnlyList<EscalationTarget> Targets { get; init; }

    /// <summary>Gets the people notified, each once, in the order of the targets.</summary>
    public required IReadOnlyList<UserId> Recipients { get; init; }

    /// <summary>Gets targets that resolved to nobody (unknown, or a schedule with nobody on call).</summary>
    public required IReadOnlyList<EscalationTarget> UnresolvedTargets { get; init; }

    /// <summary>Gets how many earlier timeout steps were skipped because they fell due while the host was down.</summary>
    public int MissedSteps { get; init; }

    /// <summary>Gets the event that caused it (an SLA event, a manual escalation, a priority change, or the start that
    /// asked to notify management at once), or <see langword="null"/> for a step of the timeout walk.</summary>
    public Guid? CauseEventId { get; init; }

    /// <summary>Gets why, in words, if there is more to say than the trigger.</summary>
    public string? Reason { get; init; }
}
