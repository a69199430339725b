using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a step of the attached runbook was skipped, with a note saying why.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was skipped.</param>
/// <param name="Actor">Who skipped it.</param>
/// <param name="RunbookId">The attached runbook's id.</param>
/// <param name="RunbookVersion">The attached runbook's version.</param>
/// <param name="Step">The step's number, from 1.</param>
/// <param name="Note">Why it was skipped.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookStepSkipped(Guid EventId, Instant At, UserId Actor, string RunbookId, int RunbookVersion, int Step, string Note)
    : IncidentEvent(EventId, At, Actor);
