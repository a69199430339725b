using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Incidents;

// A page is planned when its escalation step is recorded, but it may leave the outbox a while later (throttled into a bundle
// window, retried after a failure). Whether it is still wanted is a question about this incident's history, so it is decided
// here, purely; the dispatcher only asks.
public sealed partial class Incident
{
    // The storage discriminator of EscalationStepFired, which is what a page's EventKind holds.
    private const string PageEventKind = "escalation-step-fired";

    private static readonly InstantPattern DropTimePattern = InstantPattern.CreateWithInvariantCulture("yyyy-MM-dd HH':'mm':'ss 'UTC'");

    /// <summary>Returns why a page waiting in the outbox is no longer wanted, or <see langword="null"/> when it should still be sent.</summary>
    /// <remarks>Every message of an exercise incident (<see cref="IsExercise"/>) that is not marked as one
    /// (<see cref="ExerciseRouting.IsMarked"/>) is withdrawn: with no drill channel configured, an exercise never reaches real recipients.
    /// Otherwise only pages (messages of kind <c>escalation-step-fired</c>) are ever withdrawn; every other message is still wanted.
    /// A page is withdrawn when, after its escalation step was recorded, the incident was acknowledged, work started on it, or it
    /// was resolved, closed or cancelled: the escalation it belonged to has stopped. A page planned after such an event (a manual
    /// escalation after the acknowledgement, the page of a reopened incident) is still wanted.</remarks>
    /// <param name="page">The message, as the outbox holds it.</param>
    /// <returns>The reason, in words, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="page"/> is null.</exception>
    public string? FindReasonToDropOrNull(NotificationMessage page)
    {
        Guard.Against.Null(page);
        if (IsExercise && page.Incident == Id && page.Tenant == Tenant && !ExerciseRouting.IsMarked(page))
        {
            return $"The incident is an exercise and no drill channel is configured: the message to {page.Channel} was not sent to real recipients.";
        }

        if (page.EventKind != PageEventKind || page.Incident != Id || page.Tenant != Tenant)
        {
            return null;
        }

        // The step the page was composed from: its key starts with the step's event id (NotificationComposer); failing that, the
        // last event recorded at or before the instant the page was composed.
        var planned = _events.FindLastIndex(e => e is EscalationStepFired && page.IdempotencyKey.StartsWith(e.EventId.ToString("N"), StringComparison.Ordinal));
        if (planned < 0)
        {
            planned = _events.FindLastIndex(e => e.At <= page.CreatedAt);
        }

        for (var i = planned + 1; i < _events.Count; i++)
        {
            var what = _events[i] switch
            {
                IncidentAcknowledged => "acknowledged",
                WorkStarted => "work started",
                IncidentResolved => "resolved",
                IncidentClosed => "closed",
                IncidentCancelled => "cancelled",
                _ => null,
            };
            if (what is not null)
            {
                var e = _events[i];
                return string.Create(CultureInfo.InvariantCulture,
                    $"The incident was {what} by {e.Actor} at {DropTimePattern.Format(e.At)}, after the page was planned at {DropTimePattern.Format(page.CreatedAt)}: paging had stopped.");
            }
        }

        return null;
    }

    /// <summary>Records that a notification about this incident was withdrawn before it was sent; recording the same drop again does nothing.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="idempotencyKey">The message's idempotency key.</param>
    /// <param name="reason">Why, e.g. from <see cref="FindReasonToDropOrNull"/>.</param>
    /// <param name="at">When it was dropped.</param>
    /// <exception cref="ArgumentException">A text is empty or too long, or <paramref name="at"/> precedes the opening.</exception>
    internal void RecordNotificationDropped(string channel, string idempotencyKey, string reason, Instant at)
    {
        Guard.Against.InvalidLine(channel, MaxChannelLength);
        Guard.Against.InvalidLine(idempotencyKey, NotificationMessage.MaxKeyLength);
        Guard.Against.NullOrWhiteSpace(reason);
        var shortReason = reason.Length <= MaxTextLength ? reason : reason[..MaxTextLength];
        RecordOnce(DerivedEventId("dropped", channel, idempotencyKey),
            id => new NotificationDropped(id, at, UserId.System, channel, idempotencyKey, shortReason));
    }
}
