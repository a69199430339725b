using System.Text.Json;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Hosting.Worker;

// Turns the events the worker recorded into outbox messages, written in the same append. The default writes one message per
// event, kind "incident.event", keyed by the event id (a repeat delivery carries the same key); the notification composer
// (recipients, templates, bundling) replaces it by registering its own planner.
internal interface IOutboxPlanner
{
    IReadOnlyList<OutboxMessage> Plan(Incident incident, IReadOnlyList<IncidentEvent> recorded, Instant now);
}

internal sealed class EventOutboxPlanner : IOutboxPlanner
{
    public const string Kind = "incident.event";

    public IReadOnlyList<OutboxMessage> Plan(Incident incident, IReadOnlyList<IncidentEvent> recorded, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(recorded);
        return [.. recorded.Select(e => new OutboxMessage
        {
            Id = e.EventId,
            Tenant = incident.Tenant,
            Incident = incident.Id,
            Kind = Kind,
            Payload = Payload(incident, e),
            IdempotencyKey = e.EventId.ToString("D"),
            CreatedAt = now,
        })];
    }

    private static string Payload(Incident incident, IncidentEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("tenant", incident.Tenant.Value);
            writer.WriteString("incident", incident.Id.Value);
            writer.WriteString("event", e.EventId);
            writer.WriteString("type", e.GetType().Name);
            writer.WriteString("at", InstantPattern.ExtendedIso.Format(e.At));
            writer.WriteString("priority", incident.Priority.ToString());
            writer.WriteString("title", incident.Title);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
