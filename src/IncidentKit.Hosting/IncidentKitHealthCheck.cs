using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting;

// Reports, in order of severity: the store cannot be read (Unhealthy); the worker has not beaten within its tolerance
// (Unhealthy) or not yet at all (Degraded); the oldest undelivered notification is older than the thresholds; notifications
// were given up as dead letters (Degraded, until an operator requeues or the cause is fixed); an escalation step within the
// last hour resolved to nobody (Degraded when the policy's fallback was paged, Unhealthy when nobody was).
internal sealed class IncidentKitHealthCheck(
    IIncidentStore store,
    IOutboxStore outbox,
    WorkerHeartbeat heartbeat,
    IClock clock,
    IOptions<IncidentKitOptions> options,
    EscalationHealth? escalation = null) : IHealthCheck
{
    // A read of an incident that never exists proves the store answers without depending on data.
    private static readonly TenantId ProbeTenant = new("incidentkit-health");
    private static readonly IncidentId ProbeIncident = new(new Guid("6f1c2a44-0000-4000-8000-000000000001"));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetCurrentInstant();
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        var status = HealthStatus.Healthy;
        Exception? failure = null;

        try
        {
            await store.ReadAsync(ProbeTenant, ProbeIncident, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = ex;
            problems.Add($"the incident store is unreachable ({ex.GetType().Name}: {ex.Message})");
            status = HealthStatus.Unhealthy;
        }

        if (settings.EnableWorker)
        {
            var tolerance = Duration.FromTimeSpan(settings.PollInterval * settings.HeartbeatTolerance);
            if (heartbeat.LastBeat is not { } last)
            {
                problems.Add("the worker has not completed a sweep yet");
                status = Worst(status, HealthStatus.Degraded);
            }
            else
            {
                data["worker.last_heartbeat"] = last.ToString();
                if (now - last > tolerance)
                {
                    problems.Add($"the worker's last sweep ended {(now - last).ToTimeSpan()} ago, more than {settings.HeartbeatTolerance} poll intervals");
                    status = Worst(status, HealthStatus.Unhealthy);
                }
            }
        }

        if (failure is null)
        {
            try
            {
                if (await OldestUndeliveredAsync(settings, cancellationToken).ConfigureAwait(false) is { } oldest)
                {
                    var lag = (now - oldest).ToTimeSpan();
                    data["outbox.lag_seconds"] = lag.TotalSeconds;
                    if (lag >= settings.OutboxLagUnhealthy)
                    {
                        problems.Add($"the oldest undelivered notification is {lag} old");
                        status = Worst(status, HealthStatus.Unhealthy);
                    }
                    else if (lag >= settings.OutboxLagDegraded)
                    {
                        problems.Add($"the oldest undelivered notification is {lag} old");
                        status = Worst(status, HealthStatus.Degraded);
                    }
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                problems.Add($"the outbox is unreachable ({ex.GetType().Name}: {ex.Message})");
                status = HealthStatus.Unhealthy;
            }
        }

        if (failure is null && outbox is IOutboxDeadLetterStore deadLetters)
        {
            try
            {
                var dead = await IncidentKitHealthCheckDeadLetters.CountAsync(deadLetters, settings.HealthCheckTenants, cancellationToken).ConfigureAwait(false);
                data["outbox.dead_letters"] = dead;
                if (dead > 0)
                {
                    problems.Add($"{dead} notification(s) were given up as dead letters; requeue them once the cause is fixed");
                    status = Worst(status, HealthStatus.Degraded);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                problems.Add($"the dead letters are unreadable ({ex.GetType().Name}: {ex.Message})");
                status = HealthStatus.Unhealthy;
            }
        }

        if (escalation?.Recent(now) is { Count: > 0 } unresolved)
        {
            var last = unresolved[^1];
            data["escalation.unresolved_steps"] = unresolved.Count;
            problems.Add($"{unresolved.Count} escalation step(s) in the last {EscalationHealth.Window.ToTimeSpan()} resolved to nobody, the latest " +
                $"level {last.Level} of incident {last.Incident} (tenant {last.Tenant}) at {last.At}, which " +
                (last.FallbackPaged ? "paged the policy's fallback" : "paged nobody: the policy has no fallback that resolves"));
            status = Worst(status, unresolved.Any(s => !s.FallbackPaged) ? HealthStatus.Unhealthy : HealthStatus.Degraded);
        }

        var description = problems.Count == 0 ? "IncidentKit is healthy." : "IncidentKit: " + string.Join("; ", problems) + ".";
        return status switch
        {
            HealthStatus.Healthy => HealthCheckResult.Healthy(description, data),
            HealthStatus.Degraded => HealthCheckResult.Degraded(description, failure, data),
            _ => new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, description, failure, data),
        };
    }

    private async Task<Instant?> OldestUndeliveredAsync(IncidentKitOptions settings, CancellationToken cancellationToken)
    {
        Instant? oldest = null;
        foreach (var tenant in settings.HealthCheckTenants)
        {
            var messages = await outbox.ListOutboxAsync(tenant, 1, cancellationToken).ConfigureAwait(false);
            if (messages.Count > 0 && (oldest is null || messages[0].CreatedAt < oldest))
            {
                oldest = messages[0].CreatedAt;
            }
        }

        return oldest;
    }

    private static HealthStatus Worst(HealthStatus a, HealthStatus b) => a < b ? a : b;
}
