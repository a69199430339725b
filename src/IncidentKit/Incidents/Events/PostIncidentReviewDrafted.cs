using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a draft post-incident review was created (or brought up to date) for a resolution of the incident.</summary>
/// <remarks>Recorded by <see cref="Automations.ReviewDraftAutomation"/> after the review store holds the draft, so the automation
/// reads from the incident's own events that the draft exists and never creates it twice. Its id derives from the incident and
/// the resolution instant, so two workers recording it store one copy.</remarks>
/// <param name="EventId">The event's unique id, derived from the incident and <paramref name="ResolvedAt"/>.</param>
/// <param name="At">When the draft was created.</param>
/// <param name="Actor">Who recorded it, usually <see cref="UserId.System"/>.</param>
/// <param name="ResolvedAt">The resolution the draft reviews.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record PostIncidentReviewDrafted(Guid EventId, Instant At, UserId Actor, Instant ResolvedAt)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets when the review is due under the due rule, or null when none is required.</summary>
    public Instant? DueAt { get; init; }

    /// <summary>Gets who owns the review and is reminded when it falls due in draft, or null when nobody could be named.</summary>
    public UserId? Owner { get; init; }
}
