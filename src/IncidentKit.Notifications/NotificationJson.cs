using System.Text.Json;
using IncidentKit.Communication;
using NodaTime.Text;

namespace IncidentKit.Notifications;

/// <summary>Writes a message's fields as JSON for the webhook payload, by hand so that no reflection is needed.</summary>
internal static class NotificationJson
{
    internal static void WriteFields(Utf8JsonWriter writer, NotificationMessage message)
    {
        writer.WriteString("idempotencyKey", message.IdempotencyKey);
        writer.WriteString("channel", message.Channel);
        writer.WriteString("tenant", message.Tenant.Value);
        if (message.Incident is { } incident)
        {
            writer.WriteString("incident", incident.Value);
        }

        writer.WriteString("eventKind", message.EventKind);
        writer.WriteString("priority", message.Priority.ToString());
        writer.WriteString("subject", message.Subject);
        writer.WriteString("body", message.Body);
        if (message.Link is not null)
        {
            writer.WriteString("link", message.Link.ToString());
        }

        writer.WriteStartArray("recipients");
        foreach (var r in message.Recipients)
        {
            writer.WriteStringValue(r.ToString());
        }

        writer.WriteEndArray();
        writer.WriteString("createdAt", InstantPattern.ExtendedIso.Format(message.CreatedAt));
        if (message.IsBundle)
        {
            writer.WriteStartArray("items");
            foreach (var item in message.Bundled)
            {
                writer.WriteStartObject();
                WriteFields(writer, item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }
}
