using IncidentKit.Communication;
using NodaTime;
using Polly;
using Polly.CircuitBreaker;

namespace IncidentKit.Notifications.Dispatching;

// One channel behind its own Polly pipeline: the quick retries for blips inside a circuit breaker of its own, so that one
// failing channel never holds back the others.
internal sealed class ResilientChannel
{
    private readonly ResiliencePipeline<DeliveryResult> _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeSpan _breakDuration;

    public ResilientChannel(INotificationChannel channel, NotificationDispatcherOptions options, TimeProvider time)
    {
        Channel = channel;
        _breakDuration = options.CircuitBreaker.BreakDuration;
        var builder = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = time, Name = $"IncidentKit.Notifications.{channel.Name}" };
        if (options.QuickRetry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(options.QuickRetry);
        }

        _pipeline = builder.AddCircuitBreaker(PerChannel(options.CircuitBreaker, _circuit)).Build();
    }

    public INotificationChannel Channel { get; }

    // Polly moves an open circuit to half-open only when a send is attempted, so the channel remembers until when the circuit
    // said no and lets the first group after that through as the trial. Only touched inside one pass at a time.
    public Instant? BlockedUntil { get; private set; }

    public bool IsAvailable => _circuit.CircuitState is not (CircuitState.Open or CircuitState.Isolated);

    public bool IsBlocked(Instant now) => BlockedUntil is { } blocked && now < blocked;

    // Returns the channel's answer, or null when the circuit is open (BlockedUntil then says until when). Whatever the channel
    // throws is a transient failure to retry, never a reason to stop dispatching.
    public async Task<DeliveryResult?> SendAsync(NotificationMessage message, Instant now, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, ct) => state.Channel.SendAsync(state.message, ct),
                (Channel, message),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            BlockedUntil = now + Duration.FromTimeSpan(ex.RetryAfter ?? _breakDuration);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // See above: a throwing channel is a failed send.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    // A permanent failure says nothing about the channel's health, so only transient ones are retried or count towards the circuit.
    public static bool IsTransient(Outcome<DeliveryResult> outcome) => outcome.Exception switch
    {
        null => outcome.Result.Outcome == DeliveryOutcome.TransientFailure,
        OperationCanceledException or BrokenCircuitException => false,
        _ => true,
    };

    // Each channel gets its own copy with its own state provider (one provider serves one breaker); the rest, callbacks and
    // manual control included, is the user's.
    private static CircuitBreakerStrategyOptions<DeliveryResult> PerChannel(CircuitBreakerStrategyOptions<DeliveryResult> o, CircuitBreakerStateProvider state) => new()
    {
        Name = o.Name,
        FailureRatio = o.FailureRatio,
        MinimumThroughput = o.MinimumThroughput,
        SamplingDuration = o.SamplingDuration,
        BreakDuration = o.BreakDuration,
        BreakDurationGenerator = o.BreakDurationGenerator,
        ShouldHandle = o.ShouldHandle,
        OnOpened = o.OnOpened,
        OnClosed = o.OnClosed,
        OnHalfOpened = o.OnHalfOpened,
        ManualControl = o.ManualControl,
        StateProvider = state,
    };
}
