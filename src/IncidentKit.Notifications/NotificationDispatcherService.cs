using IncidentKit.Notifications.Shared;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Notifications;

// Every poll interval, on the host's TimeProvider: dispatch passes until a pass claims less than a full batch, then wait.
// What a pass cannot send stays in the outbox with its next attempt's instant, so a crash or restart loses nothing.
internal sealed class NotificationDispatcherService : BackgroundService
{
    private readonly NotificationDispatcher _dispatcher;
    private readonly TimeProvider _timeProvider;
    private readonly NotificationHostingOptions _options;
    private readonly ILogger<NotificationDispatcherService> _logger;

    public NotificationDispatcherService(NotificationDispatcher dispatcher, TimeProvider timeProvider, IOptions<NotificationHostingOptions> options,
        ILogger<NotificationDispatcherService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dispatcher = dispatcher;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    // Beats after every round, once the next timer is registered: tests advancing a fake TimeProvider wait for it.
    internal WorkerHeartbeat Heartbeat { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.EnableDispatcher)
        {
            return;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var channels = string.Join(", ", _dispatcher.ChannelNames);
            DispatcherLog.Started(_logger, _options.DispatcherName, _options.PollInterval, channels);
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    DispatcherLog.PassFailed(_logger, ex, _options.DispatcherName);
                }

                var delay = Task.Delay(_options.PollInterval, _timeProvider, stoppingToken);
                Heartbeat.Beat(Instant.FromDateTimeOffset(_timeProvider.GetUtcNow()));
                // A fake TimeProvider completes the delay on the thread that advances it; the next pass must not run there.
                await delay.ConfigureAwait(false);
                await Task.Yield();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: claimed rows not settled come back when their leases run out.
        }

        DispatcherLog.Stopped(_logger, _options.DispatcherName);
    }

    internal async Task DispatchDueAsync(CancellationToken cancellationToken)
    {
        DispatchReport report;
        do
        {
            report = await _dispatcher.DispatchAsync(cancellationToken).ConfigureAwait(false);
            if (report.Claimed > 0)
            {
                DispatcherLog.Pass(_logger, _options.DispatcherName, report.Claimed, report.Delivered, report.Duplicates, report.Postponed, report.Retrying, report.Abandoned);
            }

            if (report.Abandoned > 0)
            {
                DispatcherLog.Abandoned(_logger, report.Abandoned);
            }
        }
        while (report.Claimed == _dispatcher.Options.BatchSize && !cancellationToken.IsCancellationRequested);
    }
}
