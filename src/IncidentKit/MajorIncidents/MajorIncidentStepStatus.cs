using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.MajorIncidents;

/// <summary>Describes where one step of the checklist of the declaration in force stands.</summary>
/// <param name="Step">The step.</param>
/// <param name="Completed">The step's outcome once done, or <see langword="null"/> while it is not.</param>
/// <param name="FailedAttempts">How many attempts failed so far.</param>
/// <param name="LastFailure">The last failed attempt, if any.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record MajorIncidentStepStatus(MajorIncidentStep Step, MajorIncidentStepCompleted? Completed, int FailedAttempts, MajorIncidentStepFailed? LastFailure)
{
    /// <summary>Gets whether the step is done.</summary>
    public bool IsDone => Completed is not null;

    /// <summary>Gets when the step will be tried next: never once done, at once before any attempt, else the last failure's retry instant.</summary>
    public Instant? NextAttemptAt => IsDone ? null : LastFailure?.RetryAt ?? Instant.MinValue;
}
