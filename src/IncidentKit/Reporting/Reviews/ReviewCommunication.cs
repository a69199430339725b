using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives one status update sent to stakeholders.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who posted it.</param>
/// <param name="Audience">Who it was for.</param>
/// <param name="Text">The update.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewCommunication(Instant At, UserId Actor, Audience Audience, string Text);
