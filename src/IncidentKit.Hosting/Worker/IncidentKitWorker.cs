using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Every poll interval: claim due incidents under a lease and hand each to IncidentService.RunDueAsync, which runs the automations
// (pure decisions on the incident's own history) and appends the recorded events together with their outbox messages and the
// incident's next due work, in one change, through the service's one load/decide/append/retry loop. Exactly-once per effect rests
// on two things, not on timing: automations read what was done from the incident's events, and the store appends only at the
// expected version. Leases keep workers from doing the same work in parallel; they are renewed while the worker acts
// (DueLeaseKeeper), and a worker whose renewal is refused stops without writing. What stays here is hosting: leases, the poll
// loop, logs, traces and the health signals.
internal sealed class IncidentKitWorker : BackgroundService
{
    private readonly InstrumentedIncidentStore _store;
    private readonly IDueWorkStore _dueWork;
    private readonly IClock _clock;
    private readonly TimeProvider _timeProvider;
    private readonly IncidentKitOptions _options;
    private readonly IncidentService _service;
    private readonly WorkerHeartbeat _heartbeat;
    private readonly EscalationHealth _escalationHealth;
    private readonly ILogger<IncidentKitWorker> _logger;

    public IncidentKitWorker(
        InstrumentedIncidentStore store,
        IClock clock,
        TimeProvider timeProvider,
        IOptions<IncidentKitOptions> options,
        IncidentService service,
        WorkerHeartbeat heartbeat,
        EscalationHealth escalationHealth,
        ILogger<IncidentKitWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _dueWork = store.DueWork;
        _clock = clock;
        _timeProvider = timeProvider;
        _options = options.Value;
        _service = service;
        _heartbeat = heartbeat;
        _escalationHealth = escalationHealth;
        _logger = logger;
    }

    internal IReadOnlyList<IIncidentAutomation> Automations => _service.Automations;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.EnableWorker)
        {
            return;
        }

        Log.WorkerStarted(_logger, _options.WorkerName, _options.PollInterval, _options.LeaseDuration);
        if (_service.Automations.Count == 0)
        {
            Log.NoAutomations(_logger, _options.WorkerName);
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.SweepFailed(_logger, ex, _options.WorkerName);
                }

                // The timer is registered before the heartbeat, so whoever waits for the beat (a test advancing a fake
                // TimeProvider) can advance time and know the advance reaches this delay.
                var delay = Task.Delay(_options.PollInterval, _timeProvider, stoppingToken);
                _heartbeat.Beat(_clock.GetCurrentInstant());
                // Forced onto the thread pool: a timer may complete the delay inline on its own thread (FakeTimeProvider.Advance
                // does, on the caller's), and a sweep must not run on, or block, whoever fired the timer.
                await delay.ConfigureAwait(false);
                await Task.Yield();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: leases of unfinished claims expire and another worker picks them up.
        }

        Log.WorkerStopped(_logger, _options.WorkerName);
    }

    // Claims and works off due incidents until fewer than a batch are due.
    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        using var activity = IncidentKitDiagnostics.ActivitySource.StartActivity(IncidentKitDiagnostics.Sweep);
        activity?.SetTag(IncidentKitDiagnostics.WorkerName, _options.WorkerName);
        var total = 0;
        var lease = Duration.FromTimeSpan(_options.LeaseDuration);
        int claimed;
        do
        {
            var claims = await _dueWork.ClaimDueAsync(_options.WorkerName, lease, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            claimed = claims.Count;
            total += claimed;
            activity?.SetTag(IncidentKitDiagnostics.ClaimedCount, total);
            _store.Metrics.RecordClaimed(claimed);
            if (claimed > 0)
            {
                Log.Claimed(_logger, _options.WorkerName, claimed);
            }

            // Leases of the whole batch are renewed while the worker works through it (DueLeaseKeeper).
            var keeper = new DueLeaseKeeper(_dueWork, claims, lease, _timeProvider, _options.WorkerName, _logger, cancellationToken);
            await using (keeper.ConfigureAwait(false))
            {
                foreach (var claim in claims)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        if (keeper.IsLost(claim))
                        {
                            Log.LeaseLost(_logger, _options.WorkerName, claim.Incident.ToString(), claim.Tenant.ToString());
                        }
                        else
                        {
                            await ProcessAsync(claim, keeper.TokenFor(claim), cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (OperationCanceledException) when (keeper.IsLost(claim) && !cancellationToken.IsCancellationRequested)
                    {
                        // The lease was lost while acting: another worker holds the item now, and nothing was written.
                        Log.LeaseLost(_logger, _options.WorkerName, claim.Incident.ToString(), claim.Tenant.ToString());
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Log.IncidentFailed(_logger, ex, claim.Incident.ToString(), claim.Tenant.ToString());
                    }
                    finally
                    {
                        keeper.Finish(claim);
                    }
                }
            }
        }
        while (claimed == _options.BatchSize && !cancellationToken.IsCancellationRequested);
    }

    // The claim's token is cancelled when the worker stops or the lease is lost; the append itself runs under the stopping token
    // only, so that a lease given up by the append's own re-plan cannot cancel it while it commits.
    private async Task ProcessAsync(ClaimedDueWork claim, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        using var activity = IncidentKitDiagnostics.ActivitySource.StartActivity(IncidentKitDiagnostics.Automate);
        activity?.SetTag(IncidentKitDiagnostics.TenantId, claim.Tenant.Value);
        activity?.SetTag(IncidentKitDiagnostics.IncidentId, claim.Incident.ToString());
        activity?.SetTag(IncidentKitDiagnostics.DueKind, claim.Due.Kind.ToString());
        try
        {
            Report(await _service.RunDueAsync(claim, cancellationToken, stoppingToken).ConfigureAwait(false), activity);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IncidentKitDiagnostics.RecordFailure(activity, ex);
            throw;
        }
    }

    private void Report(DueRunResult result, System.Diagnostics.Activity? activity)
    {
        var claim = result.Claim;
        switch (result.Outcome)
        {
            case DueRunOutcome.Recorded:
                activity?.SetTag(IncidentKitDiagnostics.EventsCount, result.Recorded.Count);
                Log.Recorded(_logger, result.Recorded.Count, claim.Incident.ToString(), claim.Tenant.ToString(), result.NextDue?.DueAt.ToString() ?? "never");
                foreach (var e in result.Recorded)
                {
                    if (e is EscalationStepFired step)
                    {
                        // A level that resolved to nobody is a health signal (a hole in the on-call cover).
                        _escalationHealth.Observe(result.Incident!, step);
                    }
                    else if (e is MajorIncidentStepFailed { Step: MajorIncidentStep.OpenWarRoom } failed)
                    {
                        Log.WarRoomFailed(_logger, claim.Incident.ToString(), failed.Attempt, failed.Reason, failed.RetryAt.ToString());
                    }
                }

                break;
            case DueRunOutcome.Denied when result.Denial is { } denial:
                // Nothing is written and the lease is left to lapse: the incident is looked at again then (and logged again).
                Log.AutomationDenied(_logger, denial.Actor.User.Value, claim.Tenant.Value, claim.Incident.ToString(), denial.Action, denial.Reason);
                activity?.SetTag("incidentkit.denied", denial.Action.ToString());
                break;
            case DueRunOutcome.NothingDue when result.NextDue is { } next && next != claim.Due:
                Log.PlanMovedWithoutEvents(_logger, claim.Incident.ToString(), claim.Due.DueAt.ToString(), next.DueAt.ToString());
                break;
        }
    }
}
