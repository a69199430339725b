using Microsoft.Extensions.Logging;

namespace IncidentKit.Notifications;

internal static partial class DispatcherLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "IncidentKit notification dispatcher {Dispatcher} started: polling every {PollInterval}, channels {Channels}.")]
    public static partial void Started(ILogger logger, string dispatcher, TimeSpan pollInterval, string channels);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "IncidentKit notification dispatcher {Dispatcher} stopped.")]
    public static partial void Stopped(ILogger logger, string dispatcher);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Dispatcher {Dispatcher} claimed {Claimed} notifications: {Delivered} delivered, {Duplicates} duplicates, {Postponed} postponed, {Retrying} to retry, {Abandoned} abandoned.")]
    public static partial void Pass(ILogger logger, string dispatcher, int claimed, int delivered, int duplicates, int postponed, int retrying, int abandoned);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Count} notifications were given up after their last attempt or a permanent failure; they stay in the outbox with the reason.")]
    public static partial void Abandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "A notification dispatch pass of {Dispatcher} failed; it is tried again after the poll interval.")]
    public static partial void PassFailed(ILogger logger, Exception exception, string dispatcher);
}
