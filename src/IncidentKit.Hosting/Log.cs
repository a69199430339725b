using Microsoft.Extensions.Logging;

namespace IncidentKit.Hosting;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "IncidentKit worker {Worker} started: polling every {PollInterval}, leases of {LeaseDuration}.")]
    public static partial void WorkerStarted(ILogger logger, string worker, TimeSpan pollInterval, TimeSpan leaseDuration);

    [LoggerMessage(2, LogLevel.Information, "IncidentKit worker {Worker} stopped.")]
    public static partial void WorkerStopped(ILogger logger, string worker);

    [LoggerMessage(3, LogLevel.Debug, "Worker {Worker} claimed {Count} incidents.")]
    public static partial void Claimed(ILogger logger, string worker, int count);

    [LoggerMessage(4, LogLevel.Information, "Worker recorded {Count} events on incident {Incident} of tenant {Tenant}; next due {NextDueAt}.")]
    public static partial void Recorded(ILogger logger, int count, string incident, string tenant, string nextDueAt);

    [LoggerMessage(5, LogLevel.Warning, "Worker {Worker} lost its lease on incident {Incident} of tenant {Tenant}; another worker took over and nothing was written.")]
    public static partial void LeaseLost(ILogger logger, string worker, string incident, string tenant);

    // Event id 6 was "conflict, deciding again": the worker runs due work through IncidentService, whose loop retries conflicts.

    [LoggerMessage(7, LogLevel.Error, "Automation {Automation} failed on incident {Incident} of tenant {Tenant}; retrying after {RetryAt}.")]
    public static partial void AutomationFailed(ILogger logger, Exception exception, string automation, string incident, string tenant, string retryAt);

    [LoggerMessage(8, LogLevel.Error, "Worker {Worker} sweep failed; it retries at the next poll.")]
    public static partial void SweepFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(12, LogLevel.Warning, "Worker {Worker} has no automations: no SLA policies, escalation matrix, communication schedule, auto-close or automation of the host's own is configured, so no due work is ever planned and no timer fires.")]
    public static partial void NoAutomations(ILogger logger, string worker);

    // Event id 9 was "store mismatch": the worker now claims from the one storage unit, so the mismatch cannot happen.

    [LoggerMessage(11, LogLevel.Debug, "Incident {Incident} was due at {DueAt} but nothing was recorded and its next work is at {NextDueAt}; it is looked at again when the lease lapses.")]
    public static partial void PlanMovedWithoutEvents(ILogger logger, string incident, string dueAt, string nextDueAt);

    [LoggerMessage(10, LogLevel.Error, "Worker could not finish incident {Incident} of tenant {Tenant}; its lease expires and another sweep retries.")]
    public static partial void IncidentFailed(ILogger logger, Exception exception, string incident, string tenant);
}
