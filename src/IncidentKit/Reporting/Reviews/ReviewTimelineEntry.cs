using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives one line of a review's timeline.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Local">When it happened in the reader's zone, e.g. <c>2026-03-29 01:59:00 +00:00</c>.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Kind">The event's kind, as stored (e.g. <c>acknowledged</c>).</param>
/// <param name="Text">What happened, in one line.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewTimelineEntry(Instant At, string Local, UserId Actor, string Kind, string Text);
