using Microsoft.Extensions.Logging;

namespace IncidentKit.Hosting;

// The major-incident checklist's I/O steps; event ids 160 and up, apart from the other areas' messages.
internal static partial class Log
{
    [LoggerMessage(160, LogLevel.Warning, "Opening the war room of major incident {Incident} failed (attempt {Attempt}): {Reason}; retrying at {RetryAt}.")]
    public static partial void WarRoomFailed(ILogger logger, string incident, int attempt, string reason, string retryAt);
}
