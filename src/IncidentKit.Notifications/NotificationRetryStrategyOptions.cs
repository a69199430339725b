using IncidentKit.Communication;
using IncidentKit.Notifications.Dispatching;
using Polly;
using Polly.Retry;

namespace IncidentKit.Notifications;

/// <summary>Configures the quick retries a send gets within one dispatch pass, for blips, before its row goes back to the outbox:
/// Polly's <see cref="RetryStrategyOptions{TResult}"/> with the dispatcher's defaults.</summary>
/// <remarks>
/// <para><see cref="RetryStrategyOptions{TResult}.ShouldHandle"/> defaults to transient failures only (a
/// <see cref="DeliveryOutcome.TransientFailure"/> answer or an exception the channel threw); a permanent failure is never retried.
/// Callbacks such as <see cref="RetryStrategyOptions{TResult}.OnRetry"/> and the delay settings are Polly's own.</para>
/// <para><see cref="RetryStrategyOptions{TResult}.MaxRetryAttempts"/> may be 0 here (Polly requires at least 1): that turns quick retries off,
/// also from configuration. The dispatcher allows 0 to 10 attempts and a <see cref="RetryStrategyOptions{TResult}.Delay"/> of zero to 1 minute;
/// with a fake <see cref="TimeProvider"/>, use a zero delay, or the retry waits for the fake clock.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a dispatcher.</threadsafety>
public sealed class NotificationRetryStrategyOptions : RetryStrategyOptions<DeliveryResult>
{
    /// <summary>Initializes the options with the dispatcher's defaults: 2 retries, exponential from 1 second with jitter,
    /// transient failures only.</summary>
    public NotificationRetryStrategyOptions()
    {
        Name = "IncidentKit.Notifications.QuickRetry";
        MaxRetryAttempts = 2;
        Delay = TimeSpan.FromSeconds(1);
        BackoffType = DelayBackoffType.Exponential;
        UseJitter = true;
        ShouldHandle = static args => ValueTask.FromResult(ResilientChannel.IsTransient(args.Outcome));
    }
}
