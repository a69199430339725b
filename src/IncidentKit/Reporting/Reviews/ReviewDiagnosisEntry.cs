using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives one diagnosis entry: symptoms, a suspected cause or the confirmed root cause.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who recorded it.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Text">The finding.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewDiagnosisEntry(Instant At, UserId Actor, DiagnosisStage Stage, string Text);
