using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// One notification to send about an event the worker recorded. The event id is the idempotency key: the dispatcher may
// deliver at least once, and channels that honour keys see it once.
internal sealed record OutboxEntry(TenantId Tenant, IncidentId Incident, Guid EventId, string Kind, Instant At);
