using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

// Stakeholder communication: status updates are commands like any other; delivery outcomes and reminders are facts the
// dispatcher and the worker report, so they are accepted in every state (a closing notice is delivered after the close).
public sealed partial class Incident
{
    internal const int MaxChannelLength = 100;

    /// <summary>Posts a status update for stakeholders or for the team.</summary>
    /// <remarks>Allowed in the open states and while Resolved, so that stakeholders can get a last word ("fixed, monitoring")
    /// before the incident closes; refused once Closed or Cancelled. Each update restarts the plan's update cadence
    /// (<see cref="StatusUpdateSchedule"/>).</remarks>
    /// <param name="text">The update.</param>
    /// <param name="audience">Who it is for.</param>
    /// <param name="at">When.</param>
    /// <param name="author">Who wrote it.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is closed or cancelled.</exception>
    /// <exception cref="ArgumentException">The text is empty or too long, the audience is undefined, <paramref name="author"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void PostStatusUpdate(string text, Audience audience, Instant at, UserId author)
    {
        Guard.Against.InvalidText(text, MaxTextLength);
        Guard.Against.EnumOutOfRange(audience);
        Execute(IncidentCommand.PostStatusUpdate, at, author, new StatusUpdatePosted(NewEventId(at), at, author, text, audience));
    }

    /// <summary>Records that the owner was reminded of a status update due at <paramref name="dueAt"/>; recording the same reminder again does nothing.</summary>
    /// <param name="dueAt">When the update falls due, from <see cref="StatusUpdateSchedule.NextStatusUpdateDue"/>.</param>
    /// <param name="at">When the reminder went out.</param>
    /// <exception cref="ArgumentException"><paramref name="at"/> precedes the opening.</exception>
    public void RecordStatusUpdateDue(Instant dueAt, Instant at) =>
        RecordOnce(DerivedEventId("status-update-due", dueAt.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            id => new StatusUpdateDue(id, at, UserId.System, dueAt));

    /// <summary>Records that the executive summary of the slot <paramref name="dueAt"/> went out; recording the same slot again does nothing.</summary>
    /// <param name="dueAt">The summary's slot, from <see cref="StatusUpdateSchedule.NextExecutiveSummaryDue"/>.</param>
    /// <param name="at">When the summary went out.</param>
    /// <exception cref="ArgumentException"><paramref name="at"/> precedes the opening.</exception>
    public void RecordExecutiveSummaryDue(Instant dueAt, Instant at) =>
        RecordOnce(DerivedEventId("executive-summary-due", dueAt.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            id => new ExecutiveSummaryDue(id, at, UserId.System, dueAt));

    /// <summary>Records that a channel accepted a notification about this incident; recording the same delivery again does nothing.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's idempotency key.</param>
    /// <param name="attempt">The attempt that succeeded, from 1.</param>
    /// <param name="at">When the channel accepted it.</param>
    /// <exception cref="ArgumentException">A text is empty or too long, <paramref name="attempt"/> is less than 1, or <paramref name="at"/> precedes the opening.</exception>
    internal void RecordNotificationDelivered(string channel, string idempotencyKey, int attempt, Instant at)
    {
        Guard.Against.InvalidLine(channel, MaxChannelLength);
        Guard.Against.InvalidLine(idempotencyKey, NotificationMessage.MaxKeyLength);
        Guard.Against.NegativeOrZero(attempt);
        RecordOnce(DerivedEventId("delivered", channel, idempotencyKey),
            id => new NotificationDelivered(id, at, UserId.System, channel, idempotencyKey, attempt));
    }

    /// <summary>Records that an attempt to send a notification about this incident failed; recording the same attempt again does nothing.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's idempotency key.</param>
    /// <param name="attempt">The failed attempt, from 1.</param>
    /// <param name="reason">Why.</param>
    /// <param name="willRetry">Whether the message stays in the backlog for another attempt.</param>
    /// <param name="at">When the attempt failed.</param>
    /// <exception cref="ArgumentException">A text is empty or too long, <paramref name="attempt"/> is less than 1, or <paramref name="at"/> precedes the opening.</exception>
    internal void RecordNotificationFailed(string channel, string idempotencyKey, int attempt, string reason, bool willRetry, Instant at)
    {
        Guard.Against.InvalidLine(channel, MaxChannelLength);
        Guard.Against.InvalidLine(idempotencyKey, NotificationMessage.MaxKeyLength);
        Guard.Against.NegativeOrZero(attempt);
        Guard.Against.NullOrWhiteSpace(reason);
        var shortReason = reason.Length <= MaxShortTextLength ? reason : reason[..MaxShortTextLength];
        RecordOnce(DerivedEventId("failed", channel, idempotencyKey, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            id => new NotificationFailed(id, at, UserId.System, channel, idempotencyKey, attempt, shortReason, willRetry));
    }

    // A fact already on the timeline is not recorded again: the caller's retry then appends nothing.
    private void RecordOnce(Guid eventId, Func<Guid, IncidentEvent> create)
    {
        if (!_events.Exists(e => e.EventId == eventId))
        {
            RecordExternal(create(eventId));
        }
    }

    // Facts reported from outside (deliveries, reminders) may be reported twice: by a retry after a crash, or by two worker
    // instances. Deriving the event id from the fact (and the tenant and incident, see EventIds.Derived) makes the store keep
    // one copy, as it does for any repeated event id.
    private Guid DerivedEventId(params string[] parts) => EventIds.Derived(Tenant, Id, parts);
}
