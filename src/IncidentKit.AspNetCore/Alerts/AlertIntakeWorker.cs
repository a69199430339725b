using System.Diagnostics;
using IncidentKit.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentKit.AspNetCore.Alerts;

// Drains the inbox (right after each 202, and every poll interval for work another node or a crash left) and runs the
// time-driven group checks (silences ending, hold-downs, flapping quiet) and the heartbeat checks due under leases.
internal sealed partial class AlertIntakeWorker(AlertProcessor processor, AlertIntakeSignal signal, AlertEndpointOptions options, ILogger<AlertIntakeWorker> logger)
    : BackgroundService
{
    // Records taken per round: the processor decides each group's records of a round together, so a storm's many alerts per group
    // cost one group-state read and write per round instead of one per alert. A round that finds fewer waiting takes what there is,
    // so rounds grow only while the processor is behind (a 100 000-alert storm: 5 000 per round instead of 1 000 cost a fifth of
    // the group work per alert).
    private const int ClaimPerRound = 5000;

    // Each round is a span on the library's ActivitySource ("IncidentKit") with the number of records it processed (0 for an idle
    // poll), so a trace, or the alert storm's load generator, can line request latency up against the rounds.
    internal const string RoundSpan = "incidentkit.alerts.round";
    internal const string ProcessedCount = "incidentkit.alerts.processed.count";
    private static readonly ActivitySource Source = new("IncidentKit");

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessRoundAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    // More may be arriving (a storm): let it gather for a moment, so that the next round decides each group once for
                    // many records instead of once for every few. The first record after a quiet spell never waits.
                    if (options.RoundInterval > TimeSpan.Zero)
                    {
                        await Task.Delay(options.RoundInterval, stoppingToken).ConfigureAwait(false);
                    }
                }

                await processor.RefreshSilencesAsync(stoppingToken).ConfigureAwait(false);
                await processor.CheckDueAsync(100, stoppingToken).ConfigureAwait(false);
                await processor.RunHeartbeatChecksAsync(_owner, 100, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (IncidentKit.Authorization.IncidentAccessDeniedException e)
            {
                LogDenied(logger, e.Actor.User.Value, e.Actor.Tenant.Value, e.Action, e.Reason);
            }
#pragma warning disable CA1031 // A failed round is logged and retried on the next one; the records stay in the inbox.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRoundFailed(logger, e);
            }

            try
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> ProcessRoundAsync(CancellationToken stoppingToken)
    {
        var activity = Source.StartActivity(RoundSpan);
        try
        {
            var processed = await processor.ProcessPendingAsync(_owner, ClaimPerRound, stoppingToken).ConfigureAwait(false);
            activity?.SetTag(ProcessedCount, processed);

            return processed;
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetTag("error.type", e.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            activity?.Dispose();
        }
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Alert intake as {Actor} in tenant {Tenant} was denied {Action}: {Reason}. Nothing of that alert was applied; it stays in the inbox and is retried.")]
    private static partial void LogDenied(ILogger logger, string actor, string tenant, IncidentKit.Authorization.IncidentAction action, string reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Alert intake round failed; the inbox keeps the alerts and the next round retries.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
