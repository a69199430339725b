using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// A lease on one incident's due work. The token fences completion: a worker whose lease was taken over after it expired
// cannot complete (and so cannot write) any more.
internal readonly record struct DueWorkClaim(TenantId Tenant, IncidentId Incident, Instant DueAt, string Worker, long Token, Instant LeaseExpiresAt);
