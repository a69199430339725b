using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records a step of the diagnosis.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="Stage">Symptoms, a suspected cause or the confirmed root cause.</param>
/// <param name="Text">What was found.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record DiagnosisRecorded(Guid EventId, Instant At, UserId Actor, DiagnosisStage Stage, string Text)
    : IncidentEvent(EventId, At, Actor);
