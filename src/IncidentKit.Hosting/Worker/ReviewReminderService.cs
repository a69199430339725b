using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Every poll interval: claim due review reminders under a lease and complete each with its notification, which the store writes
// to the outbox in the same transaction as the sent mark. Once-only across nodes rests on the store: a claim is exclusive while
// its lease holds, and completion is fenced by it, so a node that lost its lease writes nothing. A reminder claimed by a node
// that then died is claimed again when its lease lapses.
internal sealed class ReviewReminderService : BackgroundService
{
    private readonly IReviewStore _store;
    private readonly IClock _clock;
    private readonly TimeProvider _timeProvider;
    private readonly ReviewReminderOptions _options;
    private readonly ILogger<ReviewReminderService> _logger;

    public ReviewReminderService(IServiceProvider services, IClock clock, TimeProvider timeProvider, IOptions<ReviewReminderOptions> options,
        ILogger<ReviewReminderService> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _store = services.GetService<IReviewStore>() ?? services.GetService<IOutboxStore>() as IReviewStore
            ?? throw new InvalidOperationException("AddReviewReminders needs a store that keeps reviews: register an IReviewStore, or use UseInMemory, UseSqlite or UsePostgreSql.");
        _clock = clock;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    public WorkerHeartbeat Heartbeat { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                    Log.ReminderSweepFailed(_logger, ex, _options.WorkerName);
                }

                // The timer is registered before the beat, so a test that waits for the beat and then advances a fake
                // TimeProvider reaches this delay.
                var delay = Task.Delay(_options.PollInterval, _timeProvider, stoppingToken);
                Heartbeat.Beat(_clock.GetCurrentInstant());
                await delay.ConfigureAwait(false);
                await Task.Yield();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unfinished claims lapse and another node takes them.
        }
    }

    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var lease = Duration.FromTimeSpan(_options.LeaseDuration);
        var sent = 0;
        int claimed;
        do
        {
            var claims = await _store.ClaimRemindersAsync(_options.WorkerName, lease, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            claimed = claims.Count;
            foreach (var claim in claims)
            {
                var message = ReviewReminder.ToOutboxMessage(claim, _options.Channel, _options.ReviewLink?.Invoke(claim.Tenant, claim.Incident),
                    _clock.GetCurrentInstant());
                if (await _store.CompleteReminderAsync(claim, message, cancellationToken).ConfigureAwait(false))
                {
                    sent++;
                    Log.ReminderQueued(_logger, claim.Reminder.Kind.ToString(), claim.Incident.ToString(), claim.Tenant.ToString(), claim.Reminder.Recipient.Value);
                }
                else
                {
                    Log.ReminderLeaseLost(_logger, _options.WorkerName, claim.Incident.ToString(), claim.Tenant.ToString());
                }
            }
        }
        while (claimed == _options.BatchSize && !cancellationToken.IsCancellationRequested);

        return sent;
    }
}
