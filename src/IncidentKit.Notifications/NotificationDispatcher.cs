using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Notifications.Dispatching;
using NodaTime;

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
/// <item>The send runs through a Polly pipeline per channel: a few quick retries with exponential backoff and jitter for blips
/// (<see cref="NotificationDispatcherOptions.QuickRetry"/>), inside a circuit breaker
/// (<see cref="NotificationDispatcherOptions.CircuitBreaker"/>). While a channel's circuit is open its rows are postponed quietly,
/// without using attempts or recording failures, and go out after it recovers: nothing is lost.</item>
/// <item>A send that still fails goes back to the outbox with exponential backoff and jitter
/// (<see cref="NotificationDispatcherOptions.RetryBaseDelay"/> doubling up to <see cref="NotificationDispatcherOptions.RetryMaxDelay"/>)
/// and is recorded as failed; after <see cref="NotificationDispatcherOptions.MaxAttempts"/> failures, or on a permanent failure,
/// it is abandoned to the outbox's dead letters.</item>
/// </list>
/// <para>Delivery is at least once: a crash between the channel accepting a message and the key being marked delivered may send
/// it again after the key's hold runs out. Channels that <see cref="INotificationChannel.HonoursIdempotencyKeys"/> pass the key on,
/// so their receivers drop that repeat. The throttling windows live in <see cref="NotificationDispatcherOptions.Throttle"/>: per
/// instance by default, shared by every dispatcher over one database when it is a SQL store's (a window is taken before the
/// send, so two nodes never both send to the same recipients within one window).</para>
/// <para>Time comes only from <see cref="NotificationDispatcherOptions.TimeProvider"/>; with a fake one, quick retries should use
/// a zero delay.</para>
/// </remarks>
/// <threadsafety>Calls to <see cref="DispatchAsync"/> on one instance run one at a time (they queue); other members are thread-safe.</threadsafety>
public sealed class NotificationDispatcher : IDisposable
{
    private readonly INotificationOutbox _outbox;
    private readonly INotificationSendCheck? _sendCheck;
    private readonly TimeProvider _time;
    private readonly KeyDeduplication _keys;
    private readonly BundleThrottle _throttle;
    private readonly OutboxSettlement _settlement;
    private readonly Dictionary<string, ResilientChannel> _channels = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a dispatcher.</summary>
    /// <param name="outbox">Where messages wait.</param>
    /// <param name="channels">The channels, by <see cref="INotificationChannel.Name"/>; names are unique.</param>
    /// <param name="deduplication">Where delivered keys are remembered; share one between dispatcher processes.</param>
    /// <param name="options">The options and collaborators; <see langword="null"/> takes the defaults.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">Two channels share a name.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    public NotificationDispatcher(INotificationOutbox outbox, IEnumerable<INotificationChannel> channels, IDeliveryDeduplicationStore deduplication,
        NotificationDispatcherOptions? options = null)
    {
        _outbox = Guard.Against.Null(outbox);
        Guard.Against.Null(channels);
        Guard.Against.Null(deduplication);
        Options = options ?? new NotificationDispatcherOptions();
        var problems = Options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("notification dispatcher options", problems);
        }

        _time = Options.TimeProvider ?? TimeProvider.System;
        _sendCheck = Options.SendCheck;
        _keys = new KeyDeduplication(deduplication, Duration.FromTimeSpan(Options.SendHold));
        _throttle = new BundleThrottle(Options.Throttle ?? new InMemoryNotificationThrottleStore(), Options.BundleWindow);
        _settlement = new OutboxSettlement(outbox, Options.Recorder, Options);
        foreach (var channel in channels)
        {
            Guard.Against.Null(channel);
            if (!_channels.TryAdd(channel.Name, new ResilientChannel(channel, Options, _time)))
            {
                throw new ArgumentException($"Two channels are named '{channel.Name}'; names are unique.", nameof(channels));
            }
        }
    }

    /// <summary>Gets the options in force.</summary>
    public NotificationDispatcherOptions Options { get; }

    /// <summary>Gets the names of the channels this dispatcher sends through.</summary>
    public IReadOnlyCollection<string> ChannelNames => _channels.Keys;

    /// <summary>Returns whether a channel's circuit is closed or half-open; for health checks.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <returns><see langword="false"/> from the moment the circuit opens (or is isolated through
    /// <see cref="Polly.CircuitBreaker.CircuitBreakerStrategyOptions{TResult}.ManualControl"/>) until a trial send after the break succeeds.</returns>
    /// <exception cref="KeyNotFoundException">No channel has that name.</exception>
    public bool IsChannelAvailable(string channel) =>
        _channels.TryGetValue(channel, out var route)
            ? route.IsAvailable
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
            var tally = new DispatchTally();
            var now = Now();
            var claimed = await _outbox.ClaimAsync(Options.BatchSize, now, cancellationToken).ConfigureAwait(false);
            tally.Claimed = claimed.Count;
            var (unique, repeats) = KeyDeduplication.SplitRepeats(claimed);
            await _settlement.CompleteRepeatsAsync(repeats, tally, cancellationToken).ConfigureAwait(false);
            foreach (var group in DispatchGroup.Of(unique))
            {
                await DispatchGroupAsync(group, now, tally, cancellationToken).ConfigureAwait(false);
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

    // Exposed for the backoff tests.
    internal Duration Backoff(int failedAttempts) => _settlement.Backoff(failedAttempts);

    private async Task DispatchGroupAsync(DispatchGroup group, Instant now, DispatchTally tally, CancellationToken cancellationToken)
    {
        if (!_throttle.IsOn)
        {
            await SendGroupAsync(group, group.Rows, now, tally, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await _throttle.TryBeginAsync(group, now, cancellationToken).ConfigureAwait(false) is { } windowEnds)
        {
            // State changes go out now; the rest waits for the window to end, without using an attempt.
            await _settlement.PostponeAsync(group.Rows.Where(r => !BundleThrottle.IsStateChange(r)), windowEnds, tally, cancellationToken).ConfigureAwait(false);
            List<OutboxNotification> news = [.. group.Rows.Where(BundleThrottle.IsStateChange)];
            if (news.Count > 0)
            {
                await SendGroupAsync(group, news, now, tally, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var sent = false;
        try
        {
            sent = await SendGroupAsync(group, group.Rows, now, tally, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!sent)
            {
                await _throttle.ReleaseAsync(group, now).ConfigureAwait(false);
            }
        }
    }

    // Returns whether the group went out.
    private async Task<bool> SendGroupAsync(DispatchGroup group, List<OutboxNotification> rows, Instant now, DispatchTally tally,
        CancellationToken cancellationToken)
    {
        var channel = _channels.GetValueOrDefault(group.Channel);
        if (channel?.IsBlocked(now) == true)
        {
            await _settlement.PostponeAsync(rows, channel.BlockedUntil!.Value, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var claimed = await ClaimAsync(group.Channel, rows, now, tally, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return false;
        }

        if (channel is null)
        {
            // A missing channel is a configuration slip a restart may fix: keep the rows, slowly, until attempts run out.
            await FailAsync(group.Channel, claimed, $"No channel named '{group.Channel}' is registered with the dispatcher.", permanent: false, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var message = claimed.Count == 1 ? claimed[0].Row.Message : NotificationBundler.Bundle([.. claimed.Select(m => m.Row.Message)], now);
        DeliveryResult? answer;
        try
        {
            answer = await channel.SendAsync(message, now, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _keys.ReleaseAsync(group.Channel, claimed).ConfigureAwait(false);
            throw;
        }

        if (answer is not { } result)
        {
            // The circuit is open: nothing was sent, nothing failed; the rows wait for it to close.
            await _keys.ReleaseAsync(group.Channel, claimed).ConfigureAwait(false);
            await _settlement.PostponeAsync(claimed.Select(m => m.Row), channel.BlockedUntil!.Value, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (!result.IsDelivered)
        {
            await FailAsync(group.Channel, claimed, result.Detail ?? result.Outcome.ToString(), result.Outcome == DeliveryOutcome.PermanentFailure, tally, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var at = Now();
        await _throttle.RecordSentAsync(group, at).ConfigureAwait(false);
        await _keys.MarkDeliveredAsync(group.Channel, claimed, at, cancellationToken).ConfigureAwait(false);
        await _settlement.DeliveredAsync(claimed, at, tally, cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Asks the send check, then takes each row's key; rows no longer wanted, delivered already or being sent elsewhere are settled here.
    private async Task<List<ClaimedRow>> ClaimAsync(string channel, List<OutboxNotification> rows, Instant now, DispatchTally tally, CancellationToken cancellationToken)
    {
        var claimed = new List<ClaimedRow>(rows.Count);
        foreach (var row in rows)
        {
            if (_sendCheck is not null && !await _sendCheck.ShouldSendAsync(row.Message, now, cancellationToken).ConfigureAwait(false))
            {
                await _settlement.DropAsync(row, tally, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var claim = await _keys.TryClaimAsync(channel, row, now, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case DeliveryClaimStatus.AlreadyDelivered:
                    await _settlement.CompleteRepeatsAsync([row], tally, cancellationToken).ConfigureAwait(false);
                    break;
                case DeliveryClaimStatus.InFlight:
                    await _settlement.PostponeAsync([row], now + _keys.SendHold, tally, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    claimed.Add(new ClaimedRow(row, claim.FailedAttempts));
                    break;
            }
        }

        return claimed;
    }

    private async Task FailAsync(string channel, List<ClaimedRow> rows, string reason, bool permanent, DispatchTally tally, CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var row in rows)
        {
            var attempt = await _keys.RecordFailureAsync(channel, row, now, cancellationToken).ConfigureAwait(false);
            await _settlement.FailedAsync(row, attempt, reason, permanent, now, tally, cancellationToken).ConfigureAwait(false);
        }
    }

    private Instant Now() => Instant.FromDateTimeOffset(_time.GetUtcNow());
}
