using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives a review's impact window: from the first alert (or the opening) to mitigation (or the final resolution).</summary>
/// <param name="Start">When impact began.</param>
/// <param name="StartsWith">What began it.</param>
/// <param name="End">When impact ended; null while the incident is unresolved and no mitigation is recorded.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ImpactWindow(Instant Start, ImpactStart StartsWith, Instant? End)
{
    /// <summary>Gets the window's length, or null while it is open.</summary>
    public Duration? Length => End - Start;
}
