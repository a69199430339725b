using IncidentKit.Communication;
using IncidentKit.Notifications.Dispatching;
using Polly.CircuitBreaker;

namespace IncidentKit.Notifications;

/// <summary>Configures the circuit breaker each channel of a <see cref="NotificationDispatcher"/> sends through: Polly's
/// <see cref="CircuitBreakerStrategyOptions{TResult}"/> with the dispatcher's defaults.</summary>
/// <remarks>
/// <para>Every channel gets a breaker of its own built from these options, so one failing channel never holds back another.
/// While a channel's circuit is open its rows are postponed quietly, without using attempts, until the break is over.</para>
/// <para><see cref="CircuitBreakerStrategyOptions{TResult}.ShouldHandle"/> defaults to transient failures only: a permanent failure
/// says nothing about the channel's health. <see cref="CircuitBreakerStrategyOptions{TResult}.ManualControl"/> (isolate every
/// channel, for maintenance) and the <c>On…</c> callbacks are Polly's own;
/// <see cref="CircuitBreakerStrategyOptions{TResult}.StateProvider"/> must stay <see langword="null"/>: the dispatcher keeps one
/// per channel and answers <see cref="NotificationDispatcher.IsChannelAvailable"/> from it.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a dispatcher.</threadsafety>
public sealed class NotificationCircuitBreakerStrategyOptions : CircuitBreakerStrategyOptions<DeliveryResult>
{
    /// <summary>Initializes the options with the dispatcher's defaults: open at half the sends failing, out of at least 4 within
    /// 1 minute, for 1 minute; transient failures only.</summary>
    public NotificationCircuitBreakerStrategyOptions()
    {
        Name = "IncidentKit.Notifications.CircuitBreaker";
        FailureRatio = 0.5;
        MinimumThroughput = 4;
        SamplingDuration = TimeSpan.FromMinutes(1);
        BreakDuration = TimeSpan.FromMinutes(1);
        ShouldHandle = static args => ValueTask.FromResult(ResilientChannel.IsTransient(args.Outcome));
    }
}
