using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Describes how an incident was resolved.</summary>
/// <param name="Code">A short code, e.g. "fixed" or "workaround".</param>
/// <param name="Notes">What was done.</param>
/// <param name="At">When service was restored.</param>
/// <param name="By">Who resolved it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record Resolution(string Code, string Notes, Instant At, UserId By);
