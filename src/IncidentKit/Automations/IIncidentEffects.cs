using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Automations;

// The one step of an automation that needs I/O through a port (the war room): run by IncidentService.RunDueAsync before the pure
// decisions, on the same incident, and recorded on it like any other step. Internal: automations of the host's own stay pure.
internal interface IIncidentEffects
{
    Task RunEffectsAsync(Incident incident, Instant now, CancellationToken cancellationToken);
}
