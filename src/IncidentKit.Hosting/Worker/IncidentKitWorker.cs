using System.Diagnostics;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Every poll interval: claim due incidents under a lease, run the automations on each (pure decisions on the incident's own
// history), then write the recorded events, their outbox entries and the next due instant in one fenced completion.
// Exactly-once per effect rests on two things, not on timing: automations read what was done from the incident's events, and
// the store appends only at the expected version. Leases only keep workers from doing the same work in parallel.
internal sealed class IncidentKitWorker : BackgroundService
{
    private const int MaxAttempts = 3;

    private readonly IIncidentStore _store;
    private readonly IDueWorkStore _dueWork;
    private readonly IncidentRules _rules;
    private readonly IClock _clock;
    private readonly TimeProvider _timeProvider;
    private readonly IncidentKitOptions _options;
    private readonly IReadOnlyList<IIncidentAutomation> _automations;
    private readonly IncidentKitMetrics _metrics;
    private readonly WorkerHeartbeat _heartbeat;
    private readonly ILogger<IncidentKitWorker> _logger;

    public IncidentKitWorker(
        IIncidentStore store,
        IDueWorkStore dueWork,
        IncidentRules rules,
        IClock clock,
        TimeProvider timeProvider,
        IOptions<IncidentKitOptions> options,
        IEnumerable<IIncidentAutomation> automations,
        IncidentKitMetrics metrics,
        WorkerHeartbeat heartbeat,
        ILogger<IncidentKitWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _dueWork = dueWork;
        _rules = rules;
        _clock = clock;
        _timeProvider = timeProvider;
        _options = options.Value;
        _metrics = metrics;
        _heartbeat = heartbeat;
        _logger = logger;
        var all = new List<IIncidentAutomation>(automations);
        if (_options.AutoCloseResolvedAfter is { } autoClose)
        {
            all.Add(new AutoCloseAutomation(Duration.FromTimeSpan(autoClose)));
        }

        _automations = all;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.EnableWorker)
        {
            return;
        }

        if (_dueWork is InMemoryDueWorkStore && !ReferenceEquals(_dueWork, _store))
        {
            Log.StoreMismatch(_logger);
            return;
        }

        Log.WorkerStarted(_logger, _options.WorkerName, _options.PollInterval, _options.LeaseDuration);
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
                await delay.ConfigureAwait(false);
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
        using var activity = IncidentKitDiagnostics.ActivitySource.StartActivity("IncidentKit.Sweep");
        activity?.SetTag("incidentkit.worker", _options.WorkerName);
        var lease = Duration.FromTimeSpan(_options.LeaseDuration);
        int claimed;
        do
        {
            var claims = await _dueWork.ClaimDueAsync(_options.WorkerName, _clock.GetCurrentInstant(), lease, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            claimed = claims.Count;
            _metrics.RecordClaimed(claimed);
            if (claimed > 0)
            {
                Log.Claimed(_logger, _options.WorkerName, claimed);
            }

            foreach (var claim in claims)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await ProcessAsync(claim, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.IncidentFailed(_logger, ex, claim.Incident.ToString(), claim.Tenant.ToString());
                }
            }
        }
        while (claimed == _options.BatchSize && !cancellationToken.IsCancellationRequested);
    }

    private async Task ProcessAsync(DueWorkClaim claim, CancellationToken cancellationToken)
    {
        using var activity = IncidentKitDiagnostics.ActivitySource.StartActivity("IncidentKit.Automate");
        activity?.SetTag("incidentkit.tenant", claim.Tenant.Value);
        activity?.SetTag("incidentkit.incident", claim.Incident.ToString());
        for (var attempt = 1; ; attempt++)
        {
            var history = await _store.ReadAsync(claim.Tenant, claim.Incident, 0, cancellationToken).ConfigureAwait(false);
            if (!history.Exists)
            {
                await _dueWork.CompleteAsync(claim, null, [], null, cancellationToken).ConfigureAwait(false);
                return;
            }

            var incident = Incident.FromHistory(history.Events, _rules);
            var now = _clock.GetCurrentInstant();
            var next = Decide(incident, now);
            var change = incident.PendingEvents.Count > 0 ? IncidentChange.For(incident) : null;
            var outbox = incident.PendingEvents
                .Select(e => new OutboxEntry(incident.Tenant, incident.Id, e.EventId, e.GetType().Name, e.At))
                .ToList();
            try
            {
                if (!await _dueWork.CompleteAsync(claim, change, outbox, next, cancellationToken).ConfigureAwait(false))
                {
                    Log.LeaseLost(_logger, claim.Worker, claim.Incident.ToString(), claim.Tenant.ToString());
                    activity?.SetTag("incidentkit.lease_lost", true);
                    return;
                }
            }
            catch (IncidentConcurrencyException) when (attempt < MaxAttempts)
            {
                Log.Conflict(_logger, claim.Incident.ToString(), attempt);
                continue;
            }

            if (change is not null)
            {
                _metrics.RecordAppended(change);
                activity?.SetTag("incidentkit.events", change.Events.Count);
                Log.Recorded(_logger, change.Events.Count, claim.Incident.ToString(), claim.Tenant.ToString(), next?.ToString() ?? "never");
            }

            return;
        }
    }

    // Runs every automation; the earliest next due instant wins. A failing automation is retried after a lease period
    // rather than dropping the incident's timers: its failure is logged, and the others' events still get written.
    private Instant? Decide(Incident incident, Instant now)
    {
        Instant? next = null;
        foreach (var automation in _automations)
        {
            Instant? due;
            var pending = incident.PendingEvents.Count;
            try
            {
                due = automation.Run(incident, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && incident.PendingEvents.Count == pending)
            {
                due = now + Duration.FromTimeSpan(_options.LeaseDuration);
                Log.AutomationFailed(_logger, ex, automation.GetType().Name, incident.Id.ToString(), incident.Tenant.ToString(), due.Value.ToString());
            }

            if (due is { } d && (next is null || d < next))
            {
                next = d;
            }
        }

        return next;
    }
}
