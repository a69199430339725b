using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Describes one reminder a review needs: a draft review that falls due, or an action item that becomes overdue.</summary>
/// <param name="Subject">What it is about within the review: <c>review</c>, or <c>action:</c> and the item's id.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Recipient">Who is reminded: the review's or the item's owner.</param>
/// <param name="DueAt">When it is sent.</param>
/// <param name="Title">The review's or item's title.</param>
/// <param name="Priority">The incident's priority.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewReminder(string Subject, ReminderKind Kind, UserId Recipient, Instant DueAt, string Title, Priority Priority)
{
    /// <summary>The subject of a review's own reminder.</summary>
    public const string ReviewSubject = "review";

    /// <summary>The outbox event kind of a reminder's notification when the review is due.</summary>
    public const string ReviewDueEventKind = "review.due";

    /// <summary>The outbox event kind of a reminder's notification when an action item is overdue.</summary>
    public const string ActionItemOverdueEventKind = "review.action-item-overdue";

    /// <summary>Returns the reminders a review needs now: one per pending action item, and one for the review itself while it is a
    /// draft with a due instant and an owner.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The reminders.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is null.</exception>
    public static IReadOnlyList<ReviewReminder> For(PostIncidentReview review)
    {
        Guard.Against.Null(review);
        var reminders = new List<ReviewReminder>();
        if (review.Status == ReviewStatus.Draft && review.DueAt is { } due && review.Owner is { } owner)
        {
            reminders.Add(new ReviewReminder(ReviewSubject, ReminderKind.ReviewDue, owner, due, review.Title, review.Priority));
        }

        reminders.AddRange(review.ActionItems.Where(a => a.IsPending).Select(a =>
            new ReviewReminder("action:" + a.Id.ToString("N"), ReminderKind.ActionItemOverdue, a.Owner, a.DueAt, a.Title, review.Priority)));
        return reminders;
    }

    /// <summary>Returns the notification that delivers a claimed reminder to its recipient, as an outbox message of kind
    /// <see cref="NotificationOutboxPlanner.MessageKind"/>, so the notification dispatcher sends it like any other.</summary>
    /// <param name="claim">The claimed reminder.</param>
    /// <param name="channel">The channel to send it on, e.g. <c>email</c>.</param>
    /// <param name="link">A link to the review, or null.</param>
    /// <param name="now">When the message is created.</param>
    /// <returns>The outbox message; its idempotency key names the tenant, incident, subject and due instant, so a repeat is dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> or <paramref name="channel"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="channel"/> is blank.</exception>
    public static OutboxMessage ToOutboxMessage(ClaimedReminder claim, string channel, Uri? link, Instant now)
    {
        Guard.Against.Null(claim);
        Guard.Against.NullOrWhiteSpace(channel);
        var r = claim.Reminder;
        var due = NodaTime.Text.InstantPattern.General.Format(r.DueAt);
        var (eventKind, subject, body) = r.Kind == ReminderKind.ReviewDue
            ? (ReviewDueEventKind, $"Post-incident review due: {r.Title}",
                $"The post-incident review of incident {claim.Incident} (\"{r.Title}\") was due at {due} and is still a draft.")
            : (ActionItemOverdueEventKind, $"Action item overdue: {r.Title}",
                $"The action item \"{r.Title}\" from the review of incident {claim.Incident} was due at {due} and is not done.");
        var key = string.Create(CultureInfo.InvariantCulture, $"reminder:{claim.Incident.Value:N}:{r.Subject}:{r.DueAt.ToUnixTimeTicks()}");
        var message = new NotificationMessage(channel, claim.Tenant, claim.Incident, eventKind, [Communication.Recipient.ForUser(r.Recipient)],
            Cut(subject, NotificationMessage.MaxSubjectLength), body, link, r.Priority, key, now);
        return new OutboxMessage
        {
            Id = Guid.NewGuid(),
            Tenant = claim.Tenant,
            Incident = claim.Incident,
            Kind = NotificationOutboxPlanner.MessageKind,
            Payload = NotificationMessageSerializer.Serialize(message),
            IdempotencyKey = key,
            CreatedAt = now,
        };
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
