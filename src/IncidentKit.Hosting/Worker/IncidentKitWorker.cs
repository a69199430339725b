using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Every poll interval: claim due incidents under a lease, run the automations on each (pure decisions on the incident's own
// history), then append the recorded events together with their outbox messages and the incident's next due work, in one
// change. Exactly-once per effect rests on two things, not on timing: automations read what was done from the incident's
// events, and the store appends only at the expected version. Leases keep workers from doing the same work in parallel; they
// are renewed while the worker acts (DueLeaseKeeper), and a worker whose renewal is refused stops without writing.
internal sealed class IncidentKitWorker : BackgroundService
{
    private const int MaxAttempts = 3;

    private readonly InstrumentedIncidentStore _store;
    private readonly IDueWorkStore _dueWork;
    private readonly IncidentRules _rules;
    private readonly IClock _clock;
    private readonly TimeProvider _timeProvider;
    private readonly IncidentKitOptions _options;
    private readonly IncidentAutomations _automations;
    private readonly IOutboxPlanner _outbox;
    private readonly WorkerHeartbeat _heartbeat;
    private readonly IIncidentAuthorizer _authorizer;
    private readonly ILogger<IncidentKitWorker> _logger;

    public IncidentKitWorker(
        InstrumentedIncidentStore store,
        IncidentRules rules,
        IClock clock,
        TimeProvider timeProvider,
        IOptions<IncidentKitOptions> options,
        IncidentAutomations automations,
        IOutboxPlanner outbox,
        WorkerHeartbeat heartbeat,
        IIncidentAuthorizer authorizer,
        ILogger<IncidentKitWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _dueWork = store.DueWork;
        _rules = rules;
        _clock = clock;
        _timeProvider = timeProvider;
        _options = options.Value;
        _automations = automations;
        _outbox = outbox;
        _heartbeat = heartbeat;
        _authorizer = authorizer;
        _logger = logger;
    }

    internal IncidentAutomations Automations => _automations;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.EnableWorker)
        {
            return;
        }

        Log.WorkerStarted(_logger, _options.WorkerName, _options.PollInterval, _options.LeaseDuration);
        if (_automations.Count == 0)
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
            await AutomateAsync(claim, activity, cancellationToken, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IncidentKitDiagnostics.RecordFailure(activity, ex);
            throw;
        }
    }

    private async Task AutomateAsync(ClaimedDueWork claim, System.Diagnostics.Activity? activity, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var history = await _store.ReadAsync(claim.Tenant, claim.Incident, 0, cancellationToken).ConfigureAwait(false);
            if (!history.Exists)
            {
                await _dueWork.CompleteDueAsync(claim, cancellationToken).ConfigureAwait(false);
                return;
            }

            var incident = Incident.FromHistory(history.Events, _rules);

            // The store's clock said the work is due; deciding at least at its due instant makes a worker whose clock runs
            // behind the store's record the same events, rather than finding nothing due and waiting for its lease to lapse.
            var now = Instant.Max(_clock.GetCurrentInstant(), claim.Due.DueAt);
            if (_automations.Major is { } major)
            {
                await major.RunEffectsAsync(incident, now, cancellationToken).ConfigureAwait(false);
            }

            var next = _automations.Decide(incident, now);
            if (incident.PendingEvents.Count == 0)
            {
                await FinishWithoutEventsAsync(claim, next, cancellationToken).ConfigureAwait(false);
                return;
            }

            var recorded = incident.PendingEvents.ToList();
            if (Denied(claim, recorded) is { } denial)
            {
                // Nothing is written and the lease is left to lapse: the incident is looked at again then (and logged again),
                // so a host that changes its authoriser sees the work done without losing it.
                Log.AutomationDenied(_logger, denial.Actor.User.Value, claim.Tenant.Value, claim.Incident.ToString(), denial.Action, denial.Reason);
                activity?.SetTag("incidentkit.denied", denial.Action.ToString());
                return;
            }

            var change = IncidentChange.For(incident) with { NextDue = next, Outbox = await _outbox.PlanAsync(incident, recorded, now, cancellationToken).ConfigureAwait(false) };

            // Deciding may take long; a worker whose lease was lost meanwhile (its token is cancelled) must not write.
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await _store.AppendAsync(change, stoppingToken).ConfigureAwait(false);
            }
            catch (IncidentConcurrencyException) when (attempt < MaxAttempts)
            {
                Log.Conflict(_logger, claim.Incident.ToString(), attempt);
                continue;
            }

            activity?.SetTag(IncidentKitDiagnostics.EventsCount, recorded.Count);
            Log.Recorded(_logger, recorded.Count, claim.Incident.ToString(), claim.Tenant.ToString(), next?.DueAt.ToString() ?? "never");

            // The append replaced the plan, which ended the lease; only an unchanged plan leaves it to give back.
            if (next == claim.Due)
            {
                await _dueWork.ReleaseDueAsync(claim, stoppingToken).ConfigureAwait(false);
            }

            return;
        }
    }

    // The worker acts as the system actor of the incident's tenant (with each event's own automated user), and every event it
    // would record is checked as the action it amounts to, as a person's command is.
    private IncidentAccessDeniedException? Denied(ClaimedDueWork claim, List<IncidentKit.Incidents.Events.IncidentEvent> recorded)
    {
        foreach (var e in recorded)
        {
            var actor = IncidentActor.System(claim.Tenant, e.Actor);
            var action = IncidentActions.Of(e);
            var decision = _authorizer.Authorize(actor, claim.Tenant, action);
            if (!decision.IsAllowed)
            {
                return new IncidentAccessDeniedException(actor, action, decision.Reason ?? "denied");
            }
        }

        return null;
    }

    // Nothing was due after all: either another worker did it already (its append re-planned, so our lease is gone and
    // completing fails harmlessly), or nothing more is planned. A plan that moved without events cannot be written (a change
    // needs an event), so the lease is left to lapse and the incident is looked at again then.
    private async Task FinishWithoutEventsAsync(ClaimedDueWork claim, DueWork? next, CancellationToken cancellationToken)
    {
        if (next is null)
        {
            await _dueWork.CompleteDueAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        else if (next != claim.Due)
        {
            Log.PlanMovedWithoutEvents(_logger, claim.Incident.ToString(), claim.Due.DueAt.ToString(), next.Value.DueAt.ToString());
        }
    }
}
