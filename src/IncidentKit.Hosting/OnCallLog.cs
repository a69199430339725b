using Microsoft.Extensions.Logging;

namespace IncidentKit.Hosting;

internal static partial class OnCallLog
{
    [LoggerMessage(150, LogLevel.Warning, "Could not load the stored on-call changes; the roster stays as it was and the load is retried at the next poll.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
