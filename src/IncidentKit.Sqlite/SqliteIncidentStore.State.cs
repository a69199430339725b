using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

// Shared state beside the incidents: subscriptions, on-call adjustments, the delivery ledger, throttling windows and the
// outbox's dead letters. Every decision that must hold across processes (claiming a key, taking a window, moving a row) runs
// as one write in the group-commit transaction (BEGIN IMMEDIATE), which holds the file's write lock.
public sealed partial class SqliteIncidentStore : ISubscriptionStore, IOnCallAdjustmentStore, IDeliveryDeduplicationStore, INotificationThrottleStore,
    IOutboxDeadLetterStore
{
    private const string Held = "lease_token = $token AND lease_owner = $owner AND lease_expires > $now";
    private static readonly Duration LedgerRetention = Duration.FromDays(7);
    private long _ledgerPrunedAtTicks = long.MinValue;

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask ISubscriptionStore.AddAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        Guard.Against.Null(subscription);
        await WriteAsync(connection =>
        {
            using var add = Command(connection, """
                INSERT INTO subscriptions (tenant, subscriber, target_kind, target_key, target_value, audience, channels)
                VALUES ($tenant, $subscriber, $kind, $key, $value, $audience, $channels)
                ON CONFLICT (tenant, subscriber, target_key) DO UPDATE SET
                    target_value = excluded.target_value, audience = excluded.audience, channels = excluded.channels;
                """);
            add.Parameters.AddWithValue("$tenant", subscription.Tenant.Value);
            add.Parameters.AddWithValue("$subscriber", subscription.Subscriber.ToString());
            add.Parameters.AddWithValue("$kind", (int)subscription.Target.Kind);
            add.Parameters.AddWithValue("$key", SubscriptionSerializer.TargetKey(subscription.Target));
            add.Parameters.AddWithValue("$value", SubscriptionSerializer.TargetValue(subscription.Target));
            add.Parameters.AddWithValue("$audience", (int)subscription.Audience);
            add.Parameters.AddWithValue("$channels", SubscriptionSerializer.FormatChannels(subscription.Channels));
            return add.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask<bool> ISubscriptionStore.RemoveAsync(TenantId tenant, Recipient subscriber, SubscriptionTarget target, CancellationToken cancellationToken)
    {
        if (tenant.Value is null || subscriber.Value is null || target == default)
        {
            return false;
        }

        return await WriteAsync(connection =>
        {
            using var remove = Command(connection, "DELETE FROM subscriptions WHERE tenant = $tenant AND subscriber = $subscriber AND target_key = $key;");
            remove.Parameters.AddWithValue("$tenant", tenant.Value);
            remove.Parameters.AddWithValue("$subscriber", subscriber.ToString());
            remove.Parameters.AddWithValue("$key", SubscriptionSerializer.TargetKey(target));
            return remove.ExecuteNonQuery() > 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    async ValueTask<IReadOnlyList<Subscription>> ISubscriptionStore.FindForAsync(Incident incident, CancellationToken cancellationToken)
    {
        Guard.Against.Null(incident);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var find = Command(connection, """
            SELECT subscriber, target_kind, target_value, audience, channels FROM subscriptions
            WHERE tenant = $tenant AND (target_kind <> 0 OR target_value = $incident)
            ORDER BY seq;
            """);
        find.Parameters.AddWithValue("$tenant", incident.Tenant.Value);
        find.Parameters.AddWithValue("$incident", Key(incident.Id));
        var found = new List<Subscription>();
        using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var subscription = new Subscription(incident.Tenant, Recipient.Parse(reader.GetString(0)),
                SubscriptionSerializer.ParseTarget((SubscriptionTargetKind)reader.GetInt32(1), reader.GetString(2)),
                (Audience)reader.GetInt32(3), SubscriptionSerializer.ParseChannels(reader.GetString(4)));
            if (subscription.Target.Matches(incident))
            {
                found.Add(subscription);
            }
        }

        return found;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask<bool> IOnCallAdjustmentStore.AddAsync(OnCallAdjustment adjustment, CancellationToken cancellationToken)
    {
        Guard.Against.Null(adjustment);
        var data = OnCallAdjustmentSerializer.Serialize(adjustment);
        var stored = await WriteAsync(connection =>
        {
            using var find = Command(connection, "SELECT data FROM oncall_adjustments WHERE id = $id;");
            find.Parameters.AddWithValue("$id", adjustment.Id.ToString("N"));
            if (find.ExecuteScalar() is string existing)
            {
                return existing;
            }

            using var add = Command(connection, "INSERT INTO oncall_adjustments (id, schedule, ends_at, data) VALUES ($id, $schedule, $ends, $data);");
            add.Parameters.AddWithValue("$id", adjustment.Id.ToString("N"));
            add.Parameters.AddWithValue("$schedule", adjustment.Schedule.Value);
            add.Parameters.AddWithValue("$ends", adjustment.Interval.End.ToUnixTimeTicks());
            add.Parameters.AddWithValue("$data", data);
            add.ExecuteNonQuery();
            return null;
        }, cancellationToken).ConfigureAwait(false);
        return stored is null || (string.Equals(stored, data, StringComparison.Ordinal)
            ? false
            : throw new ArgumentException($"Another on-call adjustment has the id {adjustment.Id}.", nameof(adjustment)));
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask<OnCallAdjustment?> IOnCallAdjustmentStore.RemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        var data = await WriteAsync(connection =>
        {
            using var remove = Command(connection, "DELETE FROM oncall_adjustments WHERE id = $id RETURNING data;");
            remove.Parameters.AddWithValue("$id", id.ToString("N"));
            return remove.ExecuteScalar() as string;
        }, cancellationToken).ConfigureAwait(false);
        return data is null ? null : OnCallAdjustmentSerializer.Deserialize(data);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    async ValueTask<IReadOnlyList<OnCallAdjustment>> IOnCallAdjustmentStore.ListAsync(Instant endingAfter, CancellationToken cancellationToken)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, "SELECT data FROM oncall_adjustments WHERE ends_at > $after ORDER BY seq;");
        list.Parameters.AddWithValue("$after", endingAfter.ToUnixTimeTicks());
        var adjustments = new List<OnCallAdjustment>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            adjustments.Add(OnCallAdjustmentSerializer.Deserialize(reader.GetString(0)));
        }

        return adjustments;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    ValueTask<DeliveryClaim> IDeliveryDeduplicationStore.TryClaimAsync(string channel, string idempotencyKey, Instant now, Duration hold, CancellationToken cancellationToken)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        return WriteAsync(connection =>
        {
            using var read = LedgerCommand(connection, "SELECT delivered, held_until, failures FROM delivery_ledger WHERE channel = $channel AND idempotency_key = $key;", channel, idempotencyKey);
            var (delivered, heldUntil, failures) = (false, long.MinValue, 0);
            using (var reader = read.ExecuteReader())
            {
                if (reader.Read())
                {
                    (delivered, heldUntil, failures) = (reader.GetInt64(0) != 0, reader.IsDBNull(1) ? long.MinValue : reader.GetInt64(1), reader.GetInt32(2));
                }
            }

            if (delivered)
            {
                return new DeliveryClaim(DeliveryClaimStatus.AlreadyDelivered, failures);
            }

            if (heldUntil > now.ToUnixTimeTicks())
            {
                return new DeliveryClaim(DeliveryClaimStatus.InFlight, failures);
            }

            using var claim = LedgerCommand(connection, """
                INSERT INTO delivery_ledger (channel, idempotency_key, held_until, touched_at) VALUES ($channel, $key, $until, $now)
                ON CONFLICT (channel, idempotency_key) DO UPDATE SET held_until = excluded.held_until, touched_at = excluded.touched_at;
                """, channel, idempotencyKey);
            claim.Parameters.AddWithValue("$until", (now + hold).ToUnixTimeTicks());
            claim.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            claim.ExecuteNonQuery();
            return new DeliveryClaim(DeliveryClaimStatus.Claimed, failures);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask IDeliveryDeduplicationStore.MarkDeliveredAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        var prune = Interlocked.Read(ref _ledgerPrunedAtTicks) < (now - Duration.FromHours(1)).ToUnixTimeTicks();
        if (prune)
        {
            Interlocked.Exchange(ref _ledgerPrunedAtTicks, now.ToUnixTimeTicks());
        }

        await WriteAsync(connection =>
        {
            using var mark = LedgerCommand(connection, """
                INSERT INTO delivery_ledger (channel, idempotency_key, delivered, touched_at) VALUES ($channel, $key, 1, $now)
                ON CONFLICT (channel, idempotency_key) DO UPDATE SET delivered = 1, held_until = NULL, touched_at = excluded.touched_at;
                """, channel, idempotencyKey);
            mark.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            mark.ExecuteNonQuery();
            if (prune)
            {
                // Keys untouched for the retention are forgotten, as the in-memory ledger does; at most hourly per store.
                using var forget = Command(connection, "DELETE FROM delivery_ledger WHERE touched_at < $cutoff AND (held_until IS NULL OR held_until < $now);");
                forget.Parameters.AddWithValue("$cutoff", (now - LedgerRetention).ToUnixTimeTicks());
                forget.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
                forget.ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    ValueTask<int> IDeliveryDeduplicationStore.RecordFailureAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        return WriteAsync(connection =>
        {
            using var fail = LedgerCommand(connection, """
                INSERT INTO delivery_ledger (channel, idempotency_key, failures, touched_at) VALUES ($channel, $key, 1, $now)
                ON CONFLICT (channel, idempotency_key) DO UPDATE SET failures = failures + 1, held_until = NULL, touched_at = excluded.touched_at
                RETURNING failures;
                """, channel, idempotencyKey);
            fail.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            return Convert.ToInt32(fail.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask IDeliveryDeduplicationStore.ReleaseAsync(string channel, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return;
        }

        await WriteAsync(connection =>
        {
            using var release = LedgerCommand(connection, "UPDATE delivery_ledger SET held_until = NULL WHERE channel = $channel AND idempotency_key = $key AND delivered = 0;", channel, idempotencyKey);
            return release.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    ValueTask<Instant?> INotificationThrottleStore.TryBeginAsync(TenantId tenant, string channel, string recipients, Instant now, Duration window, CancellationToken cancellationToken)
    {
        ThrottleContract.Check(tenant, channel, recipients, window);
        return WriteAsync<Instant?>(connection =>
        {
            using var read = ThrottleCommand(connection, "SELECT window_end FROM notification_throttle WHERE tenant = $tenant AND channel = $channel AND recipients = $recipients;", tenant, channel, recipients);
            if (read.ExecuteScalar() is long end && end > now.ToUnixTimeTicks())
            {
                return Instant.FromUnixTimeTicks(end);
            }

            using var begin = ThrottleCommand(connection, """
                INSERT INTO notification_throttle (tenant, channel, recipients, window_start, window_end) VALUES ($tenant, $channel, $recipients, $start, $end)
                ON CONFLICT (tenant, channel, recipients) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end;
                """, tenant, channel, recipients);
            begin.Parameters.AddWithValue("$start", now.ToUnixTimeTicks());
            begin.Parameters.AddWithValue("$end", (now + window).ToUnixTimeTicks());
            begin.ExecuteNonQuery();

            // Ended windows of anyone are dropped now and then, so the table holds about one window per active recipient set.
            using var prune = Command(connection, "DELETE FROM notification_throttle WHERE window_end <= $now;");
            prune.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            prune.ExecuteNonQuery();
            return null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask INotificationThrottleStore.RecordSentAsync(TenantId tenant, string channel, string recipients, Instant sentAt, Duration window, CancellationToken cancellationToken)
    {
        ThrottleContract.Check(tenant, channel, recipients, window);
        await WriteAsync(connection =>
        {
            using var sent = ThrottleCommand(connection, """
                INSERT INTO notification_throttle (tenant, channel, recipients, window_start, window_end) VALUES ($tenant, $channel, $recipients, $start, $end)
                ON CONFLICT (tenant, channel, recipients) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end;
                """, tenant, channel, recipients);
            sent.Parameters.AddWithValue("$start", sentAt.ToUnixTimeTicks());
            sent.Parameters.AddWithValue("$end", (sentAt + window).ToUnixTimeTicks());
            return sent.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask INotificationThrottleStore.ReleaseAsync(TenantId tenant, string channel, string recipients, Instant begunAt, CancellationToken cancellationToken)
    {
        if (tenant.Value is null || channel is null || recipients is null)
        {
            return;
        }

        await WriteAsync(connection =>
        {
            using var release = ThrottleCommand(connection,
                "DELETE FROM notification_throttle WHERE tenant = $tenant AND channel = $channel AND recipients = $recipients AND window_start = $start;", tenant, channel, recipients);
            release.Parameters.AddWithValue("$start", begunAt.ToUnixTimeTicks());
            return release.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask<bool> IOutboxDeadLetterStore.DeadLetterOutboxAsync(ClaimedOutboxMessage claim, string reason, CancellationToken cancellationToken)
    {
        Guard.Against.Null(claim);
        Guard.Against.Null(reason);
        return await WriteAsync(connection =>
        {
            var now = _clock.GetCurrentInstant();
            using var move = Command(connection, $"""
                INSERT INTO outbox_dead_letters (id, tenant, incident, kind, payload, idempotency_key, created_at, attempts, reason, dead_at)
                SELECT id, tenant, incident, kind, payload, idempotency_key, created_at, attempts, $reason, $now FROM outbox
                WHERE id = $id AND tenant = $tenant AND {Held};
                """);
            move.Parameters.AddWithValue("$id", claim.Message.Id.ToString("N"));
            move.Parameters.AddWithValue("$tenant", claim.Message.Tenant.Value);
            move.Parameters.AddWithValue("$reason", StoreContract.TrimError(reason));
            AddHeld(move, claim.Lease, now);
            if (move.ExecuteNonQuery() != 1)
            {
                return false;
            }

            using var delete = Command(connection, "DELETE FROM outbox WHERE id = $id;");
            delete.Parameters.AddWithValue("$id", claim.Message.Id.ToString("N"));
            delete.ExecuteNonQuery();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    async ValueTask<IReadOnlyList<DeadLetter>> IOutboxDeadLetterStore.ListDeadLettersAsync(TenantId tenant, int maxItems, CancellationToken cancellationToken)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, $"""
            SELECT {MessageColumns}, attempts, reason, dead_at FROM outbox_dead_letters
            WHERE tenant = $tenant ORDER BY dead_at, id LIMIT $max;
            """);
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        list.Parameters.AddWithValue("$max", maxItems);
        var dead = new List<DeadLetter>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            dead.Add(new DeadLetter(ReadMessage(reader), reader.GetInt32(7), reader.GetString(8), Instant.FromUnixTimeTicks(reader.GetInt64(9))));
        }

        return dead;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    async ValueTask<long> IOutboxDeadLetterStore.CountDeadLettersAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var count = Command(connection, "SELECT count(*) FROM outbox_dead_letters WHERE tenant = $tenant;");
        count.Parameters.AddWithValue("$tenant", tenant.Value);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    async ValueTask<bool> IOutboxDeadLetterStore.RequeueDeadLetterAsync(TenantId tenant, Guid messageId, CancellationToken cancellationToken)
    {
        if (tenant.Value is null)
        {
            return false;
        }

        return await WriteAsync(connection =>
        {
            using var move = Command(connection, """
                INSERT INTO outbox (id, tenant, incident, kind, payload, idempotency_key, created_at, attempts, next_attempt_at, last_error)
                SELECT id, tenant, incident, kind, payload, idempotency_key, created_at, 0, $now, reason FROM outbox_dead_letters
                WHERE id = $id AND tenant = $tenant;
                """);
            move.Parameters.AddWithValue("$id", messageId.ToString("N"));
            move.Parameters.AddWithValue("$tenant", tenant.Value);
            move.Parameters.AddWithValue("$now", _clock.GetCurrentInstant().ToUnixTimeTicks());
            if (move.ExecuteNonQuery() != 1)
            {
                return false;
            }

            using var delete = Command(connection, "DELETE FROM outbox_dead_letters WHERE id = $id;");
            delete.Parameters.AddWithValue("$id", messageId.ToString("N"));
            delete.ExecuteNonQuery();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand LedgerCommand(SqliteConnection connection, string sql, string channel, string key)
    {
        var command = Command(connection, sql);
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$key", key);
        return command;
    }

    private static SqliteCommand ThrottleCommand(SqliteConnection connection, string sql, TenantId tenant, string channel, string recipients)
    {
        var command = Command(connection, sql);
        command.Parameters.AddWithValue("$tenant", tenant.Value);
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$recipients", recipients);
        return command;
    }

    private static void AddHeld(SqliteCommand command, WorkLease lease, Instant now)
    {
        command.Parameters.AddWithValue("$token", lease.Token);
        command.Parameters.AddWithValue("$owner", lease.Owner);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
    }
}
