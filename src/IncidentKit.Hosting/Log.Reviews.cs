using Microsoft.Extensions.Logging;

namespace IncidentKit.Hosting;

// The review reminder worker (issue 11 §3); event ids 1100 and up, apart from the other areas' messages.
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Queued a {Kind} reminder for incident {Incident} of tenant {Tenant} to {Recipient}.")]
    public static partial void ReminderQueued(ILogger logger, string kind, string incident, string tenant, string recipient);

    [LoggerMessage(1101, LogLevel.Warning, "Review reminder worker {Worker} lost its lease on a reminder of incident {Incident} of tenant {Tenant} before sending; another node sends it.")]
    public static partial void ReminderLeaseLost(ILogger logger, string worker, string incident, string tenant);

    [LoggerMessage(1102, LogLevel.Error, "Review reminder worker {Worker} failed a sweep; it tries again at the next poll.")]
    public static partial void ReminderSweepFailed(ILogger logger, Exception exception, string worker);
}
