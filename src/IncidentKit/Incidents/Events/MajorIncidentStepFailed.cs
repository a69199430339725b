using IncidentKit.MajorIncidents;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that an attempt at a step of the major-incident checklist failed, and when it will be tried again.</summary>
/// <param name="EventId">The event's unique id, derived from the declaration, the step and the attempt so that one failure is stored once.</param>
/// <param name="At">When the attempt failed.</param>
/// <param name="Actor">Who tried, usually <see cref="UserId.System"/>.</param>
/// <param name="Declaration">The event id of the <see cref="MajorIncidentDeclared"/> the step belongs to.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The failed attempt, from 1.</param>
/// <param name="Reason">Why it failed, in words.</param>
/// <param name="RetryAt">When the worker tries again (backing off after each failure).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record MajorIncidentStepFailed(Guid EventId, Instant At, UserId Actor, Guid Declaration, MajorIncidentStep Step, int Attempt, string Reason, Instant RetryAt)
    : IncidentEvent(EventId, At, Actor);
