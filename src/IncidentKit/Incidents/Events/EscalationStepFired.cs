using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an escalation step fired: one level was notified, resolved to concrete people.</summary>
/// <remarks>The fired step is this event: once recorded, the engine never fires the same step again, and a host that restarts
/// rebuilds the escalation from these events. Notifications are sent after the event is stored.</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it fired.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="Level">The level (1-based) notified.</param>
/// <param name="Round">The round (1-based) of the policy's walk; 2 and above are repeats.</param>
/// <param name="Kind">The level's kind: functional or hierarchical.</param>
/// <param name="Trigger">Why it fired.</param>
/// <param name="DueAt">When it was due: the walk's scheduled instant for a timeout, the cause's instant otherwise. Later than
/// <paramref name="At"/> never; earlier after a host was down.</param>
/// <param name="Targets">The level's targets.</param>
/// <param name="Recipients">The people notified, each once, in the order of the targets.</param>
/// <param name="UnresolvedTargets">Targets that resolved to nobody (unknown, or a schedule with nobody on call).</param>
/// <param name="MissedSteps">How many earlier timeout steps were skipped because they fell due while the host was down.</param>
/// <param name="CauseEventId">The event that caused it (an SLA event, a manual escalation, a priority change, or the start that
/// asked to notify management at once), or <see langword="null"/> for a step of the timeout walk.</param>
/// <param name="Reason">Why, in words, if there is more to say than the trigger.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EscalationStepFired(Guid EventId, Instant At, UserId Actor, int Level, int Round, EscalationKind Kind, EscalationTrigger Trigger,
    Instant DueAt, IReadOnlyList<EscalationTarget> Targets, IReadOnlyList<UserId> Recipients, IReadOnlyList<EscalationTarget> UnresolvedTargets,
    int MissedSteps, Guid? CauseEventId, string? Reason)
    : IncidentEvent(EventId, At, Actor);
