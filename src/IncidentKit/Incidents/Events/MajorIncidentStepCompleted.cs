using IncidentKit.MajorIncidents;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that one step of the major-incident checklist was done (or could not apply, and says why).</summary>
/// <remarks>The optional properties carry what the step produced: the war room's link, the commander paged, the tightened
/// status-update cadence. <see cref="Communication.StatusUpdateSchedule"/> reads the cadence from the
/// <see cref="MajorIncidentStep.TightenCadence"/> step of the current declaration.</remarks>
/// <param name="EventId">The event's unique id, derived from the declaration and the step so that a step is recorded done once.</param>
/// <param name="At">When the step was done.</param>
/// <param name="Actor">Who did it, usually <see cref="UserId.System"/>.</param>
/// <param name="Declaration">The event id of the <see cref="MajorIncidentDeclared"/> the step belongs to.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt that succeeded, from 1.</param>
/// <param name="Outcome">What was done, in words.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record MajorIncidentStepCompleted(Guid EventId, Instant At, UserId Actor, Guid Declaration, MajorIncidentStep Step, int Attempt, string Outcome)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the link the step produced (the war room's address), if any.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? Link { get; init; }

    /// <summary>Gets the person the step reached (the commander paged), if any.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public UserId? User { get; init; }

    /// <summary>Gets the status-update interval in force until <see cref="TightUntil"/> (the tightened cadence), if the step set one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Duration? UpdateEvery { get; init; }

    /// <summary>Gets when the tight cadence gives way to <see cref="ThenEvery"/>, if the step set one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Instant? TightUntil { get; init; }

    /// <summary>Gets the status-update interval after <see cref="TightUntil"/>, if the step set one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Duration? ThenEvery { get; init; }
}
