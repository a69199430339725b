using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications.Dispatching;

// Settles claimed rows in the outbox (complete, postpone, retry with backoff, abandon), counts them, and records the outcomes
// on the incidents through the recorder, if any. Recording comes after the row is settled, so a lost record never turns into a
// second send.
internal sealed class OutboxSettlement(INotificationOutbox outbox, INotificationDeliveryRecorder? recorder, NotificationDispatcherOptions options)
{
    public async Task CompleteRepeatsAsync(List<OutboxNotification> rows, DispatchTally tally, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await outbox.CompleteAsync(row, cancellationToken).ConfigureAwait(false);
            tally.Duplicates++;
        }
    }

    public async Task DropAsync(OutboxNotification row, DispatchTally tally, CancellationToken cancellationToken)
    {
        await outbox.CompleteAsync(row, cancellationToken).ConfigureAwait(false);
        tally.Dropped++;
    }

    // Puts rows back without using an attempt: throttled, circuit open, or another dispatcher sending them.
    public async Task PostponeAsync(IEnumerable<OutboxNotification> rows, Instant notBefore, DispatchTally tally, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await outbox.RetryLaterAsync(row, notBefore, reason: null, cancellationToken).ConfigureAwait(false);
            tally.Postponed++;
        }
    }

    public async Task DeliveredAsync(List<ClaimedRow> rows, Instant at, DispatchTally tally, CancellationToken cancellationToken)
    {
        tally.Sent++;
        foreach (var row in rows)
        {
            await outbox.CompleteAsync(row.Row, cancellationToken).ConfigureAwait(false);
            tally.Delivered++;
            tally.Bundled += rows.Count > 1 ? 1 : 0;
        }

        foreach (var row in rows)
        {
            await RecordAsync(r => r.RecordDeliveredAsync(row.Row.Message, row.FailedAttempts + 1, at, cancellationToken), tally).ConfigureAwait(false);
        }
    }

    // Retries a failed row later with backoff, or abandons it to the dead letters on a permanent failure or its last attempt.
    public async Task FailedAsync(ClaimedRow row, int attempt, string reason, bool permanent, Instant at, DispatchTally tally, CancellationToken cancellationToken)
    {
        var willRetry = !permanent && attempt < options.MaxAttempts;
        if (willRetry)
        {
            await outbox.RetryLaterAsync(row.Row, at + Backoff(attempt), reason, cancellationToken).ConfigureAwait(false);
            tally.Retrying++;
        }
        else
        {
            await outbox.AbandonAsync(row.Row, reason, cancellationToken).ConfigureAwait(false);
            tally.Abandoned++;
        }

        await RecordAsync(r => r.RecordFailedAsync(row.Row.Message, attempt, reason, willRetry, at, cancellationToken), tally).ConfigureAwait(false);
    }

    // Exponential backoff with ±20 % jitter, so that rows failed together do not come back together.
    public Duration Backoff(int failedAttempts)
    {
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = Math.Min(options.RetryBaseDelay.Ticks * Math.Pow(2, exponent), options.RetryMaxDelay.Ticks);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = ticks * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return Duration.FromTimeSpan(TimeSpan.FromTicks((long)Math.Min(jittered, options.RetryMaxDelay.Ticks)));
    }

    private async Task RecordAsync(Func<INotificationDeliveryRecorder, ValueTask> record, DispatchTally tally)
    {
        if (recorder is null)
        {
            return;
        }

        try
        {
            await record(recorder).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The row is settled already; a lost record must not turn into a second send.
        catch (Exception)
#pragma warning restore CA1031
        {
            tally.RecordingFailures++;
        }
    }
}
