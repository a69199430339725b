using System.Globalization;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

// Post-incident reviews live in the review store; the incident only records that its draft was made, so automation reads
// from the incident's own events whether the draft of a resolution exists.
public sealed partial class Incident
{
    /// <summary>Records that the draft post-incident review of the resolution at <paramref name="resolvedAt"/> exists; recording
    /// the same resolution's draft again does nothing.</summary>
    /// <param name="resolvedAt">The resolution the draft reviews.</param>
    /// <param name="dueAt">When the review is due, or null when none is required.</param>
    /// <param name="owner">Who owns the review, or null.</param>
    /// <param name="at">When the draft was made.</param>
    /// <exception cref="ArgumentException"><paramref name="at"/> precedes the opening.</exception>
    public void RecordPostIncidentReviewDrafted(Instant resolvedAt, Instant? dueAt, UserId? owner, Instant at) =>
        RecordOnce(DerivedEventId("review-drafted", resolvedAt.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)),
            id => new PostIncidentReviewDrafted(id, at, UserId.System, resolvedAt) { DueAt = dueAt, Owner = owner });

    /// <summary>Returns whether the draft review of the resolution at <paramref name="resolvedAt"/> has been recorded.</summary>
    /// <param name="resolvedAt">The resolution.</param>
    /// <returns><see langword="true"/> when a <see cref="PostIncidentReviewDrafted"/> for it is on the timeline.</returns>
    public bool HasReviewDraftFor(Instant resolvedAt)
    {
        for (var i = _events.Count - 1; i >= 0; i--)
        {
            if (_events[i] is PostIncidentReviewDrafted d && d.ResolvedAt == resolvedAt)
            {
                return true;
            }
        }

        return false;
    }
}
