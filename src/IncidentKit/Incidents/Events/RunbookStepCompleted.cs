using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a step of the attached runbook was done.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was done.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="RunbookId">The attached runbook's id.</param>
/// <param name="RunbookVersion">The attached runbook's version.</param>
/// <param name="Step">The step's number, from 1.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookStepCompleted(Guid EventId, Instant At, UserId Actor, string RunbookId, int RunbookVersion, int Step)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets a note on what was found or done, if given.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Note { get; init; }
}
