namespace IncidentKit.Notifications;

/// <summary>Configures a <see cref="NotificationDispatcher"/>: batch size, bundling, retries, backoff and the per-channel circuit breaker.</summary>
/// <remarks>Validated once, when the dispatcher is created; every problem is listed together. Durations are <see cref="TimeSpan"/>
/// so that hosts can bind them from configuration.</remarks>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a dispatcher.</threadsafety>
public sealed class NotificationDispatcherOptions
{
    /// <summary>Gets or sets the largest number of outbox rows claimed per <see cref="NotificationDispatcher.DispatchAsync"/>.</summary>
    /// <value>The default value is 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets the throttling window per recipient and channel: after a send, further messages for the same
    /// recipient(s) on the same channel wait until the window has passed and then go out as one bundle.</summary>
    /// <value>The default value is 1 minute; <see cref="TimeSpan.Zero"/> turns throttling off (messages claimed together are still bundled).</value>
    public TimeSpan BundleWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many failed sends a message may have before it is given up (recorded as failed, kept as a dead letter).</summary>
    /// <value>The default value is 10. Postponements while a channel's circuit is open or while throttled do not count.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay before the second attempt; each further attempt doubles it, with ±20 % jitter.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest delay between attempts.</summary>
    /// <value>The default value is 30 minutes.</value>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets how many quick retries a send gets within one dispatch, for blips, before the row goes back to the outbox.</summary>
    /// <value>The default value is 2; 0 turns quick retries off.</value>
    public int QuickRetries { get; set; } = 2;

    /// <summary>Gets or sets the delay before the first quick retry (exponential with jitter after that).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan QuickRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the share of failed sends, within <see cref="CircuitSamplingDuration"/>, that opens a channel's circuit.</summary>
    /// <value>The default value is 0.5.</value>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the least number of sends within the sampling window before the circuit may open.</summary>
    /// <value>The default value is 4.</value>
    public int CircuitMinimumThroughput { get; set; } = 4;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a circuit stays open before one trial send is let through.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a dispatcher holds an idempotency key while sending, before another may take it over.</summary>
    /// <value>The default value is 5 minutes; keep it longer than the slowest send.</value>
    public TimeSpan SendHold { get; set; } = TimeSpan.FromMinutes(5);

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

        if (QuickRetries is < 0 or > 10)
        {
            problems.Add($"{nameof(QuickRetries)} must be between 0 and 10, not {QuickRetries}.");
        }

        if (QuickRetryDelay < TimeSpan.Zero || QuickRetryDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{nameof(QuickRetryDelay)} must be between zero and 1 minute, not {QuickRetryDelay}.");
        }

        if (CircuitFailureRatio is <= 0 or > 1 || double.IsNaN(CircuitFailureRatio))
        {
            problems.Add($"{nameof(CircuitFailureRatio)} must be above 0 and at most 1, not {CircuitFailureRatio}.");
        }

        if (CircuitMinimumThroughput < 2)
        {
            problems.Add($"{nameof(CircuitMinimumThroughput)} must be at least 2, not {CircuitMinimumThroughput}.");
        }

        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500) || CircuitSamplingDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(CircuitSamplingDuration)} must be between 0.5 seconds and 1 day, not {CircuitSamplingDuration}.");
        }

        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500) || CircuitBreakDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(CircuitBreakDuration)} must be between 0.5 seconds and 1 day, not {CircuitBreakDuration}.");
        }

        if (SendHold <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(SendHold)} must be positive, not {SendHold}.");
        }

        return problems;
    }
}
