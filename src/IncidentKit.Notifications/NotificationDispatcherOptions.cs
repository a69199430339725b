using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Configures a <see cref="NotificationDispatcher"/>: batch size, bundling, the outbox's retries and backoff, Polly's quick
/// retries and per-channel circuit breaker, and the collaborators it reports to.</summary>
/// <remarks>
/// <para>Validated once, when the dispatcher is created; every problem is listed together. Settings are plain values
/// (<see cref="TimeSpan"/> durations, Polly's own option types), so hosts can bind them from configuration, e.g. a section
/// <c>{ "BatchSize": 50, "QuickRetry": { "MaxRetryAttempts": 3 }, "CircuitBreaker": { "BreakDuration": "00:00:30" } }</c>.
/// The collaborators (<see cref="TimeProvider"/>, <see cref="Recorder"/>, <see cref="SendCheck"/>, <see cref="Throttle"/>) are
/// objects, set in code; <c>AddNotifications()</c> fills the ones left unset from the host's services.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a dispatcher.</threadsafety>
public sealed class NotificationDispatcherOptions
{
    /// <summary>Gets or sets the largest number of outbox rows claimed per <see cref="NotificationDispatcher.DispatchAsync"/>.</summary>
    /// <value>The default value is 100; allowed are 1 to 10000.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets the throttling window per recipient and channel: after a send, further messages for the same
    /// recipient(s) on the same channel wait until the window has passed and then go out as one bundle.</summary>
    /// <value>The default value is 1 minute; <see cref="TimeSpan.Zero"/> turns throttling off (messages claimed together are still bundled).</value>
    public TimeSpan BundleWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many failed sends a message may have before it is given up (recorded as failed, kept as a dead letter).</summary>
    /// <value>The default value is 10. Postponements while a channel's circuit is open or while throttled do not count.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay before a failed row's next attempt from the outbox; each further attempt doubles it, with ±20 % jitter.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest delay between attempts from the outbox.</summary>
    /// <value>The default value is 30 minutes; at least <see cref="RetryBaseDelay"/>.</value>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the quick retries a send gets within one pass, for blips, before the row goes back to the outbox.</summary>
    /// <value>The default value is a new <see cref="NotificationRetryStrategyOptions"/>: 2 retries, exponential from 1 second with
    /// jitter, transient failures only. <see cref="Polly.Retry.RetryStrategyOptions{TResult}.MaxRetryAttempts"/> 0 turns them off.</value>
    public NotificationRetryStrategyOptions QuickRetry { get; set; } = new();

    /// <summary>Gets or sets the circuit breaker each channel sends through.</summary>
    /// <value>The default value is a new <see cref="NotificationCircuitBreakerStrategyOptions"/>: open at half the sends failing, out of
    /// at least 4 within 1 minute, for 1 minute.</value>
    public NotificationCircuitBreakerStrategyOptions CircuitBreaker { get; set; } = new();

    /// <summary>Gets or sets how long a dispatcher holds an idempotency key while sending, before another may take it over.</summary>
    /// <value>The default value is 5 minutes; keep it longer than the slowest send.</value>
    public TimeSpan SendHold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the clock and timers the dispatcher, its backoff and Polly's delays and breaks run on.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="System.TimeProvider.System"/>. With a fake one, use a zero
    /// <see cref="Polly.Retry.RetryStrategyOptions{TResult}.Delay"/> for <see cref="QuickRetry"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets where outcomes are recorded as incident events.</summary>
    /// <value>The default value is <see langword="null"/>: nothing is recorded.</value>
    public INotificationDeliveryRecorder? Recorder { get; set; }

    /// <summary>Gets or sets what is asked just before each row is sent whether it is still wanted (see <see cref="INotificationSendCheck"/>).</summary>
    /// <value>The default value is <see langword="null"/>: every row is sent.</value>
    public INotificationSendCheck? SendCheck { get; set; }

    /// <summary>Gets or sets where the throttling windows per tenant, channel and recipients are kept.</summary>
    /// <value>The default value is <see langword="null"/>: a new <see cref="InMemoryNotificationThrottleStore"/> per dispatcher. Give
    /// dispatchers on several nodes one shared store (a SQL store's) so that they throttle together.</value>
    public INotificationThrottleStore? Throttle { get; set; }

    // A shallow copy, so that a host can fill the collaborators it leaves unset without changing the options it was given.
    internal NotificationDispatcherOptions Copy() => (NotificationDispatcherOptions)MemberwiseClone();

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (BatchSize is < 1 or > 10_000)
        {
            problems.Add($"{nameof(BatchSize)} must be between 1 and 10000, not {BatchSize}.");
        }

        if (BundleWindow < TimeSpan.Zero)
        {
            problems.Add($"{nameof(BundleWindow)} must be zero or more, not {BundleWindow}.");
        }

        if (MaxAttempts < 1)
        {
            problems.Add($"{nameof(MaxAttempts)} must be at least 1, not {MaxAttempts}.");
        }

        if (RetryBaseDelay <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(RetryBaseDelay)} must be positive, not {RetryBaseDelay}.");
        }

        if (RetryMaxDelay < RetryBaseDelay)
        {
            problems.Add($"{nameof(RetryMaxDelay)} ({RetryMaxDelay}) must be at least {nameof(RetryBaseDelay)} ({RetryBaseDelay}).");
        }

        if (SendHold <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(SendHold)} must be positive, not {SendHold}.");
        }

        ValidateQuickRetry(problems);
        ValidateCircuitBreaker(problems);
        return problems;
    }

    private void ValidateQuickRetry(List<string> problems)
    {
        const string Name = nameof(QuickRetry);
        if (QuickRetry is not { } retry)
        {
            problems.Add($"{Name} must be set; set its MaxRetryAttempts to 0 to turn quick retries off.");
            return;
        }

        if (retry.MaxRetryAttempts is < 0 or > 10)
        {
            problems.Add($"{Name}.MaxRetryAttempts must be between 0 and 10, not {retry.MaxRetryAttempts}.");
        }

        if (retry.Delay < TimeSpan.Zero || retry.Delay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Name}.Delay must be between zero and 1 minute, not {retry.Delay}.");
        }

        if (retry.MaxDelay is { } max && (max < TimeSpan.Zero || max > TimeSpan.FromMinutes(5)))
        {
            problems.Add($"{Name}.MaxDelay must be between zero and 5 minutes when set, not {max}.");
        }

        if (retry.ShouldHandle is null)
        {
            problems.Add($"{Name}.ShouldHandle must be set.");
        }
    }

    private void ValidateCircuitBreaker(List<string> problems)
    {
        const string Name = nameof(CircuitBreaker);
        if (CircuitBreaker is not { } breaker)
        {
            problems.Add($"{Name} must be set.");
            return;
        }

        if (breaker.FailureRatio is <= 0 or > 1 || double.IsNaN(breaker.FailureRatio))
        {
            problems.Add($"{Name}.FailureRatio must be above 0 and at most 1, not {breaker.FailureRatio}.");
        }

        if (breaker.MinimumThroughput < 2)
        {
            problems.Add($"{Name}.MinimumThroughput must be at least 2, not {breaker.MinimumThroughput}.");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.SamplingDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{Name}.SamplingDuration must be between 0.5 seconds and 1 day, not {breaker.SamplingDuration}.");
        }

        if (breaker.BreakDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{Name}.BreakDuration must be between 0.5 seconds and 1 day, not {breaker.BreakDuration}.");
        }

        if (breaker.ShouldHandle is null)
        {
            problems.Add($"{Name}.ShouldHandle must be set.");
        }

        if (breaker.StateProvider is not null)
        {
            problems.Add($"{Name}.StateProvider must not be set: the dispatcher keeps one per channel (see NotificationDispatcher.IsChannelAvailable).");
        }
    }
}
