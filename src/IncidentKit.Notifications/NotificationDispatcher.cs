using Ardalis.GuardClauses;
using IncidentKit.Communication;
using NodaTime;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace IncidentKit.Notifications;

/// <summary>Sends what the outbox holds: at least once, never the same idempotency key twice to a channel, throttled and bundled
/// per recipient and channel, with retries, backoff and a circuit breaker per channel.</summary>
/// <remarks>
/// <para>Each <see cref="DispatchAsync"/> claims a batch and settles every row in it:</para>
/// <list type="number">
/// <item>Rows repeating a key already in the batch, or already delivered on their channel (<see cref="IDeliveryDeduplicationStore"/>),
/// are completed without sending.</item>
/// <item>State changes (<see cref="NotificationEventKinds.StateChanges"/>: acknowledged, resolved, …) are never held back by the
/// bundle window: they go out in the pass that claims them.</item>
/// <item>Rows are grouped by tenant, channel and recipients. A group whose recipients got a message on that channel less than
/// <see cref="NotificationDispatcherOptions.BundleWindow"/> ago waits, without using an attempt, until the window ends; a group
/// of several rows goes out as one bundle listing them (ten alerts for one person within a minute: the first at once, the
/// other nine together when the minute is up; ten claimed together: one message).</item>
/// <item>Just before sending, each row is put to the <see cref="INotificationSendCheck"/>, if one is given: a row no longer wanted
/// (a page queued before the incident was acknowledged) is completed without sending and counted as dropped.</item>
/// <item>The send runs through a Polly pipeline per channel: a few quick retries with exponential backoff and jitter for blips,
/// inside a circuit breaker. While a channel's circuit is open its rows are postponed quietly, without using attempts or
/// recording failures, and go out after it recovers: nothing is lost.</item>
/// <item>A send that still fails goes back to the outbox with exponential backoff and jitter
/// (<see cref="NotificationDispatcherOptions.RetryBaseDelay"/> doubling up to <see cref="NotificationDispatcherOptions.RetryMaxDelay"/>)
/// and is recorded as failed; after <see cref="NotificationDispatcherOptions.MaxAttempts"/> failures, or on a permanent failure,
/// it is abandoned to the outbox's dead letters.</item>
/// </list>
/// <para>Delivery is at least once: a crash between the channel accepting a message and the key being marked delivered may send
/// it again after the key's hold runs out. Channels that <see cref="INotificationChannel.HonoursIdempotencyKeys"/> pass the key on,
/// so their receivers drop that repeat. The throttling windows live in <see cref="Throttle"/>: per instance by default, shared by
/// every dispatcher over one database when it is a SQL store's (a window is taken before the send, so two nodes never both
/// send to the same recipients within one window).</para>
/// <para>Time comes only from the <see cref="TimeProvider"/> given; with a fake one, quick retries should use a zero delay.</para>
/// </remarks>
/// <threadsafety>Calls to <see cref="DispatchAsync"/> on one instance run one at a time (they queue); other members are thread-safe.</threadsafety>
public sealed class NotificationDispatcher : IDisposable
{
    private readonly INotificationOutbox _outbox;
    private readonly IDeliveryDeduplicationStore _deduplication;
    private readonly INotificationDeliveryRecorder? _recorder;
    private readonly INotificationSendCheck? _sendCheck;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a dispatcher.</summary>
    /// <param name="outbox">Where messages wait.</param>
    /// <param name="channels">The channels, by <see cref="INotificationChannel.Name"/>; names are unique.</param>
    /// <param name="deduplication">Where delivered keys are remembered; share one between dispatcher processes.</param>
    /// <param name="options">The options; <see langword="null"/> takes the defaults.</param>
    /// <param name="recorder">Where outcomes are recorded as incident events, if anywhere.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> takes <see cref="TimeProvider.System"/>.</param>
    /// <param name="sendCheck">Asked just before each row is sent whether it is still wanted (see <see cref="INotificationSendCheck"/>), if anything.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">Two channels share a name.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    public NotificationDispatcher(INotificationOutbox outbox, IEnumerable<INotificationChannel> channels, IDeliveryDeduplicationStore deduplication,
        NotificationDispatcherOptions? options = null, INotificationDeliveryRecorder? recorder = null, TimeProvider? timeProvider = null,
        INotificationSendCheck? sendCheck = null)
    {
        _sendCheck = sendCheck;
        _outbox = Guard.Against.Null(outbox);
        Guard.Against.Null(channels);
        _deduplication = Guard.Against.Null(deduplication);
        _recorder = recorder;
        _time = timeProvider ?? TimeProvider.System;
        Options = options ?? new NotificationDispatcherOptions();
        var problems = Options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("notification dispatcher options", problems);
        }

        foreach (var channel in channels)
        {
            Guard.Against.Null(channel);
            if (!_routes.TryAdd(channel.Name, new Route(channel, BuildPipeline(out var state), state)))
            {
                throw new ArgumentException($"Two channels are named '{channel.Name}'; names are unique.", nameof(channels));
            }
        }
    }

    /// <summary>Gets the options in force.</summary>
    public NotificationDispatcherOptions Options { get; }

    /// <summary>Gets or initializes where the throttling windows per tenant, channel and recipients are kept.</summary>
    /// <value>The default value is a new <see cref="InMemoryNotificationThrottleStore"/> for this instance; give dispatchers on
    /// several nodes one shared store (a SQL store's) so that they throttle together.</value>
    public INotificationThrottleStore Throttle { get; init; } = new InMemoryNotificationThrottleStore();

    /// <summary>Gets the names of the channels this dispatcher sends through.</summary>
    public IReadOnlyCollection<string> ChannelNames => _routes.Keys;

    /// <summary>Returns whether a channel's circuit is closed or half-open; for health checks.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <returns><see langword="false"/> from the moment the circuit opens until a trial send after the break succeeds.</returns>
    /// <exception cref="KeyNotFoundException">No channel has that name.</exception>
    public bool IsChannelAvailable(string channel) =>
        _routes.TryGetValue(channel, out var route)
            ? route.Circuit.CircuitState is not (CircuitState.Open or CircuitState.Isolated)
            : throw new KeyNotFoundException($"No channel is named '{channel}'.");

    /// <summary>Claims one batch from the outbox and settles every row in it.</summary>
    /// <param name="cancellationToken">The token to stop; rows not settled stay claimed until their lease runs out.</param>
    /// <returns>What happened, row by row, in counts.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<DispatchReport> DispatchAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tally = new Tally();
            var now = Now();
            var claimed = await _outbox.ClaimAsync(Options.BatchSize, now, cancellationToken).ConfigureAwait(false);
            tally.Claimed = claimed.Count;

            var seen = new HashSet<(string, string)>();
            var groups = new Dictionary<(TenantId, string, string), List<OutboxNotification>>();
            var order = new List<(TenantId, string, string)>();
            foreach (var row in claimed)
            {
                var m = row.Message;
                if (!seen.Add((m.Channel, m.IdempotencyKey)))
                {
                    await _outbox.CompleteAsync(row, cancellationToken).ConfigureAwait(false);
                    tally.Duplicates++;
                    continue;
                }

                var key = (m.Tenant, m.Channel, NotificationBundler.RecipientsKey(m));
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = [];
                    order.Add(key);
                }

                group.Add(row);
            }

            foreach (var key in order)
            {
                await DispatchGroupAsync(key, groups[key], now, tally, cancellationToken).ConfigureAwait(false);
            }

            return tally.ToReport();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the lock that keeps passes one at a time.</summary>
    public void Dispose() => _gate.Dispose();

    private async Task DispatchGroupAsync((TenantId, string Channel, string) key, List<OutboxNotification> rows, Instant now, Tally tally,
        CancellationToken cancellationToken)
    {
        if (Options.BundleWindow <= TimeSpan.Zero)
        {
            await SendGroupAsync(key, rows, now, tally, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The window is taken before sending, so that another node sending to the same recipients waits for it; a group that
        // sends nothing gives it back.
        var (tenant, channel, recipients) = (key.Item1, key.Channel, NotificationThrottleKey.For(key.Item3));
        if (await Throttle.TryBeginAsync(tenant, channel, recipients, now, Duration.FromTimeSpan(Options.BundleWindow), cancellationToken).ConfigureAwait(false) is { } windowEnds)
        {
            // A state change (acknowledged, resolved, ...) is news that must not wait; the rest waits for the window to end.
            await PostponeAllAsync([.. rows.Where(r => !IsStateChange(r))], windowEnds, tally, cancellationToken).ConfigureAwait(false);
            List<OutboxNotification> news = [.. rows.Where(IsStateChange)];
            if (news.Count > 0)
            {
                await SendGroupAsync(key, news, now, tally, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var sent = false;
        try
        {
            sent = await SendGroupAsync(key, rows, now, tally, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!sent)
            {
                await Throttle.ReleaseAsync(tenant, channel, recipients, now, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // Returns whether the group went out.
    private async Task<bool> SendGroupAsync((TenantId, string Channel, string) key, List<OutboxNotification> rows, Instant now, Tally tally,
        CancellationToken cancellationToken)
    {
        // Polly moves an open circuit to half-open only when a send is attempted, so the dispatcher remembers until when the
        // circuit said no and lets the first group after that through as the trial.
        var route = _routes.GetValueOrDefault(key.Channel);
        if (route?.BlockedUntil is { } blocked && now < blocked)
        {
            await PostponeAllAsync(rows, blocked, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var hold = Duration.FromTimeSpan(Options.SendHold);
        var members = new List<Member>(rows.Count);
        foreach (var row in rows)
        {
            if (_sendCheck is not null && !await _sendCheck.ShouldSendAsync(row.Message, now, cancellationToken).ConfigureAwait(false))
            {
                await _outbox.CompleteAsync(row, cancellationToken).ConfigureAwait(false);
                tally.Dropped++;
                continue;
            }

            var claim = await _deduplication.TryClaimAsync(key.Channel, row.Message.IdempotencyKey, now, hold, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case DeliveryClaimStatus.AlreadyDelivered:
                    await _outbox.CompleteAsync(row, cancellationToken).ConfigureAwait(false);
                    tally.Duplicates++;
                    break;
                case DeliveryClaimStatus.InFlight:
                    await _outbox.RetryLaterAsync(row, now + hold, reason: null, cancellationToken).ConfigureAwait(false);
                    tally.Postponed++;
                    break;
                default:
                    members.Add(new Member(row, claim.FailedAttempts));
                    break;
            }
        }

        if (members.Count == 0)
        {
            return false;
        }

        if (route is null)
        {
            // A missing channel is a configuration slip a restart may fix: keep the rows, slowly, until attempts run out.
            await FailAllAsync(key.Channel, members, $"No channel named '{key.Channel}' is registered with the dispatcher.", permanent: false, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var message = members.Count == 1 ? members[0].Row.Message : NotificationBundler.Bundle([.. members.Select(m => m.Row.Message)], now);
        DeliveryResult result;
        try
        {
            result = await route.Pipeline.ExecuteAsync(
                static (state, ct) => state.Channel.SendAsync(state.Message, ct),
                (route.Channel, Message: message),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            route.BlockedUntil = now + Duration.FromTimeSpan(ex.RetryAfter ?? Options.CircuitBreakDuration);
            await ReleaseAllAsync(key.Channel, members).ConfigureAwait(false);
            await PostponeAllAsync([.. members.Select(m => m.Row)], route.BlockedUntil.Value, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAllAsync(key.Channel, members).ConfigureAwait(false);
            throw;
        }
#pragma warning disable CA1031 // Whatever a channel throws is a failed send to retry, never a reason to stop dispatching.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        if (result.IsDelivered)
        {
            var at = Now();
            if (Options.BundleWindow > TimeSpan.Zero)
            {
                await Throttle.RecordSentAsync(key.Item1, key.Channel, NotificationThrottleKey.For(key.Item3), at, Duration.FromTimeSpan(Options.BundleWindow), CancellationToken.None).ConfigureAwait(false);
            }

            tally.Sent++;
            foreach (var member in members)
            {
                await _deduplication.MarkDeliveredAsync(key.Channel, member.Row.Message.IdempotencyKey, at, cancellationToken).ConfigureAwait(false);
                await _outbox.CompleteAsync(member.Row, cancellationToken).ConfigureAwait(false);
                tally.Delivered++;
                tally.Bundled += members.Count > 1 ? 1 : 0;
            }

            foreach (var member in members)
            {
                await RecordAsync(r => r.RecordDeliveredAsync(member.Row.Message, member.FailedAttempts + 1, at, cancellationToken), tally).ConfigureAwait(false);
            }

            return true;
        }

        await FailAllAsync(key.Channel, members, result.Detail ?? result.Outcome.ToString(), result.Outcome == DeliveryOutcome.PermanentFailure, tally, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async Task FailAllAsync(string channel, List<Member> members, string reason, bool permanent, Tally tally, CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var member in members)
        {
            var attempt = await _deduplication.RecordFailureAsync(channel, member.Row.Message.IdempotencyKey, now, cancellationToken).ConfigureAwait(false);
            var willRetry = !permanent && attempt < Options.MaxAttempts;
            if (willRetry)
            {
                await _outbox.RetryLaterAsync(member.Row, now + Backoff(attempt), reason, cancellationToken).ConfigureAwait(false);
                tally.Retrying++;
            }
            else
            {
                await _outbox.AbandonAsync(member.Row, reason, cancellationToken).ConfigureAwait(false);
                tally.Abandoned++;
            }

            await RecordAsync(r => r.RecordFailedAsync(member.Row.Message, attempt, reason, willRetry, now, cancellationToken), tally).ConfigureAwait(false);
        }
    }

    private async Task PostponeAllAsync(List<OutboxNotification> rows, Instant notBefore, Tally tally, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await _outbox.RetryLaterAsync(row, notBefore, reason: null, cancellationToken).ConfigureAwait(false);
            tally.Postponed++;
        }
    }

    // Releasing must happen even while cancelling, or the keys stay held until their hold runs out.
    private async Task ReleaseAllAsync(string channel, List<Member> members)
    {
        foreach (var member in members)
        {
            await _deduplication.ReleaseAsync(channel, member.Row.Message.IdempotencyKey, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(Func<INotificationDeliveryRecorder, ValueTask> record, Tally tally)
    {
        if (_recorder is null)
        {
            return;
        }

        try
        {
            await record(_recorder).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The row is settled already; a lost record must not turn into a second send.
        catch (Exception)
#pragma warning restore CA1031
        {
            tally.RecordingFailures++;
        }
    }

    private static bool IsStateChange(OutboxNotification row) => NotificationEventKinds.StateChanges.Contains(row.Message.EventKind);

    // Exponential backoff with ±20 % jitter, so that rows failed together do not come back together.
    internal Duration Backoff(int failedAttempts)
    {
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = Math.Min(Options.RetryBaseDelay.Ticks * Math.Pow(2, exponent), Options.RetryMaxDelay.Ticks);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = ticks * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return Duration.FromTimeSpan(TimeSpan.FromTicks((long)Math.Min(jittered, Options.RetryMaxDelay.Ticks)));
    }

    private Instant Now() => Instant.FromDateTimeOffset(_time.GetUtcNow());

    private ResiliencePipeline<DeliveryResult> BuildPipeline(out CircuitBreakerStateProvider state)
    {
        state = new CircuitBreakerStateProvider();
        var builder = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = _time };
        if (Options.QuickRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<DeliveryResult>
            {
                MaxRetryAttempts = Options.QuickRetries,
                Delay = Options.QuickRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<DeliveryResult>
        {
            FailureRatio = Options.CircuitFailureRatio,
            MinimumThroughput = Options.CircuitMinimumThroughput,
            SamplingDuration = Options.CircuitSamplingDuration,
            BreakDuration = Options.CircuitBreakDuration,
            StateProvider = state,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        });
        return builder.Build();
    }

    // A permanent failure says nothing about the channel's health, so only transient ones count towards the circuit.
    private static bool IsTransient(Outcome<DeliveryResult> outcome) => outcome.Exception switch
    {
        null => outcome.Result.Outcome == DeliveryOutcome.TransientFailure,
        OperationCanceledException or BrokenCircuitException => false,
        _ => true,
    };

    private readonly record struct Member(OutboxNotification Row, int FailedAttempts);

    private sealed class Route(INotificationChannel channel, ResiliencePipeline<DeliveryResult> pipeline, CircuitBreakerStateProvider circuit)
    {
        public INotificationChannel Channel { get; } = channel;

        public ResiliencePipeline<DeliveryResult> Pipeline { get; } = pipeline;

        public CircuitBreakerStateProvider Circuit { get; } = circuit;

        // Only touched inside DispatchAsync, which runs one pass at a time.
        public Instant? BlockedUntil { get; set; }
    }

    private sealed class Tally
    {
        public int Claimed { get; set; }

        public int Sent { get; set; }

        public int Delivered { get; set; }

        public int Bundled { get; set; }

        public int Duplicates { get; set; }

        public int Postponed { get; set; }

        public int Retrying { get; set; }

        public int Abandoned { get; set; }

        public int RecordingFailures { get; set; }

        public int Dropped { get; set; }

        public DispatchReport ToReport() =>
            new(Claimed, Sent, Delivered, Bundled, Duplicates, Postponed, Retrying, Abandoned, RecordingFailures) { Dropped = Dropped };
    }
}
