using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives a review's headline durations.</summary>
/// <param name="Detection">From the first alert's start to the opening; null when no alert started the incident.</param>
/// <param name="Acknowledge">From the opening to the first acknowledgement; null when never acknowledged.</param>
/// <param name="Mitigation">From the opening to mitigation (the authors' instant, else the final resolution); null when neither.</param>
/// <param name="Resolution">From the opening to the final resolution (one not followed by a reopening); null when unresolved.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewDurations(Duration? Detection, Duration? Acknowledge, Duration? Mitigation, Duration? Resolution);
