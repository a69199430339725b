using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentKit.Hosting;

// Every poll interval, on the host's TimeProvider: load the stored on-call changes into the live roster, so that a change made
// on another node (or before a restart) is honoured by this node's escalation. A failed load keeps the roster as it was.
internal sealed class OnCallRefreshService(OnCallAdjustments adjustments, TimeProvider timeProvider, IOptions<IncidentKitOptions> options,
    ILogger<OnCallRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await adjustments.RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    OnCallLog.RefreshFailed(logger, ex);
                }

                await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                await Task.Yield();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
