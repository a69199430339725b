using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// One outbox message per event the system recorded (the worker's, not users'), keyed by the event id: lets worker tests prove
// each effect's outbox write happens once, whatever the communication plans would send for a work note (nothing, by default).
internal sealed class EventKeyedOutboxPlanner : IOutboxPlanner
{
    public const string Kind = "test.event";

    public ValueTask<IReadOnlyList<OutboxMessage>> PlanAsync(Incident incident, IReadOnlyList<IncidentEvent> events, Instant now, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<OutboxMessage>>([.. events.Where(e => e.Actor == UserId.System).Select(e => new OutboxMessage
        {
            Id = e.EventId,
            Tenant = incident.Tenant,
            Incident = incident.Id,
            Kind = Kind,
            Payload = "{}",
            IdempotencyKey = e.EventId.ToString("D"),
            CreatedAt = now,
        })]);
}
