using IncidentKit.Authorization;
using Microsoft.Extensions.Logging;

namespace IncidentKit.Hosting;

// The worker's system actor refused by the host's authoriser; event ids 160 and up, apart from the other areas' messages.
internal static partial class Log
{
    [LoggerMessage(160, LogLevel.Warning, "The worker as {Actor} in tenant {Tenant} was denied {Action} on incident {Incident}: {Reason}. Nothing was recorded; the incident is looked at again when its lease lapses.")]
    public static partial void AutomationDenied(ILogger logger, string actor, string tenant, string incident, IncidentAction action, string reason);
}
