using Microsoft.Extensions.Logging;

namespace IncidentKit.Hosting;

// Lease renewal of the worker (DueLeaseKeeper); event ids 140 and up, apart from the other areas' messages.
internal static partial class Log
{
    [LoggerMessage(140, LogLevel.Warning, "Worker {Worker} could not renew its lease on incident {Incident} of tenant {Tenant}; it tries again at the next renewal.")]
    public static partial void LeaseRenewalFailed(ILogger logger, Exception exception, string worker, string incident, string tenant);
}
