using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Describes one step of an incident's diagnosis.</summary>
/// <param name="Stage">Symptoms, a suspected cause or the confirmed root cause.</param>
/// <param name="Text">What was found.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="By">Who recorded it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record DiagnosisEntry(DiagnosisStage Stage, string Text, Instant At, UserId By);
