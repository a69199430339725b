using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IncidentKit.Communication;
using IncidentKit.Prioritization;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Notifications;

/// <summary>Folds several messages for one recipient and channel into one message that lists them.</summary>
internal static class NotificationBundler
{
    private static readonly InstantPattern TimePattern = InstantPattern.CreateWithInvariantCulture("HH':'mm 'UTC'");

    internal static NotificationMessage Bundle(IReadOnlyList<NotificationMessage> messages, Instant now)
    {
        var first = messages[0];
        var incident = messages.All(m => m.Incident == first.Incident) ? first.Incident : null;
        var priority = messages.Min(m => m.Priority);
        var latest = messages[^1];
        var subject = incident is not null
            ? $"[{priority}] {messages.Count} updates: {latest.Subject}"
            : $"[{priority}] {messages.Count} incident notifications, latest: {latest.Subject}";
        if (subject.Length > NotificationMessage.MaxSubjectLength)
        {
            subject = subject[..NotificationMessage.MaxSubjectLength];
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{messages.Count} notifications arrived together; here they are in one message.\n");
        foreach (var m in messages)
        {
            body.Append(CultureInfo.InvariantCulture, $"\n• {TimePattern.Format(m.CreatedAt)}  {m.Subject}");
            if (incident is null && m.Link is not null)
            {
                body.Append(CultureInfo.InvariantCulture, $"\n  {m.Link}");
            }
        }

        if (incident is not null && first.Link is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"\n\n{first.Link}");
        }

        var text = body.ToString();
        if (text.Length > NotificationMessage.MaxBodyLength)
        {
            text = text[..NotificationMessage.MaxBodyLength];
        }

        return new NotificationMessage(first.Channel, first.Tenant, incident, NotificationEventKinds.Bundle, first.Recipients, subject, text,
            incident is not null ? first.Link : null, priority, BundleKey(messages), now, messages);
    }

    // The same members always make the same key, so a bundle re-sent after a failure is recognised by a receiver that
    // honours idempotency keys.
    private static string BundleKey(IReadOnlyList<NotificationMessage> messages)
    {
        var keys = string.Join('\n', messages.Select(m => m.IdempotencyKey).Order(StringComparer.Ordinal));
        return "bundle/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keys)));
    }

    internal static string RecipientsKey(NotificationMessage message) =>
        string.Join(',', message.Recipients.Select(r => r.ToString()).Order(StringComparer.Ordinal));
}
