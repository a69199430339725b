using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql;

// Shared state beside the incidents: subscriptions, on-call adjustments, the delivery ledger, throttling windows and the
// outbox's dead letters. Every decision that must hold across nodes is one statement: an upsert whose DO UPDATE ... WHERE
// re-checks the row under its lock (claiming a key, taking a window), or a DELETE ... RETURNING feeding an INSERT (moving a row).
public sealed partial class PostgreSqlIncidentStore : ISubscriptionStore, IOnCallAdjustmentStore, IDeliveryDeduplicationStore, INotificationThrottleStore,
    IOutboxDeadLetterStore
{
    private static readonly Duration LedgerRetention = Duration.FromDays(7);
    private long _ledgerPrunedAtTicks = long.MinValue;

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask ISubscriptionStore.AddAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        Guard.Against.Null(subscription);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var add = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.subscriptions (tenant, subscriber, target_kind, target_key, target_value, audience, channels)
            VALUES (@tenant, @subscriber, @kind, @key, @value, @audience, @channels)
            ON CONFLICT (tenant, subscriber, target_key) DO UPDATE SET
                target_value = excluded.target_value, audience = excluded.audience, channels = excluded.channels;
            """);
        add.Parameters.AddWithValue("tenant", subscription.Tenant.Value);
        add.Parameters.AddWithValue("subscriber", subscription.Subscriber.ToString());
        add.Parameters.AddWithValue("kind", (int)subscription.Target.Kind);
        add.Parameters.AddWithValue("key", SubscriptionSerializer.TargetKey(subscription.Target));
        add.Parameters.AddWithValue("value", SubscriptionSerializer.TargetValue(subscription.Target));
        add.Parameters.AddWithValue("audience", (int)subscription.Audience);
        add.Parameters.AddWithValue("channels", SubscriptionSerializer.FormatChannels(subscription.Channels));
        await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<bool> ISubscriptionStore.RemoveAsync(TenantId tenant, Recipient subscriber, SubscriptionTarget target, CancellationToken cancellationToken)
    {
        if (tenant.Value is null || subscriber.Value is null || target == default)
        {
            return false;
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var remove = _dataSource.CreateCommand($"DELETE FROM {_schema}.subscriptions WHERE tenant = @tenant AND subscriber = @subscriber AND target_key = @key;");
        remove.Parameters.AddWithValue("tenant", tenant.Value);
        remove.Parameters.AddWithValue("subscriber", subscriber.ToString());
        remove.Parameters.AddWithValue("key", SubscriptionSerializer.TargetKey(target));
        return await remove.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<IReadOnlyList<Subscription>> ISubscriptionStore.FindForAsync(Incident incident, CancellationToken cancellationToken)
    {
        Guard.Against.Null(incident);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var find = _dataSource.CreateCommand($"""
            SELECT subscriber, target_kind, target_value, audience, channels FROM {_schema}.subscriptions
            WHERE tenant = @tenant AND (target_kind <> 0 OR target_value = @incident)
            ORDER BY seq;
            """);
        find.Parameters.AddWithValue("tenant", incident.Tenant.Value);
        find.Parameters.AddWithValue("incident", incident.Id.Value.ToString("N"));
        var found = new List<Subscription>();
        var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
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
        }

        return found;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<bool> IOnCallAdjustmentStore.AddAsync(OnCallAdjustment adjustment, CancellationToken cancellationToken)
    {
        Guard.Against.Null(adjustment);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var data = OnCallAdjustmentSerializer.Serialize(adjustment);
        using var add = _dataSource.CreateCommand($"""
            WITH added AS (
                INSERT INTO {_schema}.oncall_adjustments (id, schedule, ends_ticks, data) VALUES (@id, @schedule, @ends, @data)
                ON CONFLICT (id) DO NOTHING RETURNING data)
            SELECT true, data FROM added
            UNION ALL
            SELECT false, data FROM {_schema}.oncall_adjustments WHERE id = @id AND NOT EXISTS (SELECT 1 FROM added);
            """);
        add.Parameters.AddWithValue("id", adjustment.Id);
        add.Parameters.AddWithValue("schedule", adjustment.Schedule.Value);
        add.Parameters.AddWithValue("ends", adjustment.Interval.End.ToUnixTimeTicks());
        add.Parameters.AddWithValue("data", data);
        var reader = await add.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            // A concurrent add of the same id may commit between the insert and the select: that is a repeat or a conflict too.
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetBoolean(0))
            {
                return true;
            }

            return string.Equals(reader.GetString(1), data, StringComparison.Ordinal)
                ? false
                : throw new ArgumentException($"Another on-call adjustment has the id {adjustment.Id}.", nameof(adjustment));
        }
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<OnCallAdjustment?> IOnCallAdjustmentStore.RemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var remove = _dataSource.CreateCommand($"DELETE FROM {_schema}.oncall_adjustments WHERE id = @id RETURNING data;");
        remove.Parameters.AddWithValue("id", id);
        return await remove.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string data ? OnCallAdjustmentSerializer.Deserialize(data) : null;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<IReadOnlyList<OnCallAdjustment>> IOnCallAdjustmentStore.ListAsync(Instant endingAfter, CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"SELECT data FROM {_schema}.oncall_adjustments WHERE ends_ticks > @after ORDER BY seq;");
        list.Parameters.AddWithValue("after", endingAfter.ToUnixTimeTicks());
        var adjustments = new List<OnCallAdjustment>();
        var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                adjustments.Add(OnCallAdjustmentSerializer.Deserialize(reader.GetString(0)));
            }
        }

        return adjustments;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<DeliveryClaim> IDeliveryDeduplicationStore.TryClaimAsync(string channel, string idempotencyKey, Instant now, Duration hold, CancellationToken cancellationToken)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // The upsert re-checks the row under its lock, so of two nodes claiming at once exactly one gets it. When it changes
        // nothing, the row says why; a release in between sends us round once more.
        for (var round = 0; ; round++)
        {
            using var claim = _dataSource.CreateCommand($"""
                INSERT INTO {_schema}.delivery_ledger AS l (channel, idempotency_key, held_until, touched_at) VALUES (@channel, @key, @until, @now)
                ON CONFLICT (channel, idempotency_key) DO UPDATE SET held_until = excluded.held_until, touched_at = excluded.touched_at
                WHERE NOT l.delivered AND (l.held_until IS NULL OR l.held_until <= @now)
                RETURNING failures;
                """);
            claim.Parameters.AddWithValue("channel", channel);
            claim.Parameters.AddWithValue("key", idempotencyKey);
            claim.Parameters.AddWithValue("until", (now + hold).ToUnixTimeTicks());
            claim.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
            if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int failures)
            {
                return new DeliveryClaim(DeliveryClaimStatus.Claimed, failures);
            }

            using var read = _dataSource.CreateCommand($"SELECT delivered, held_until, failures FROM {_schema}.delivery_ledger WHERE channel = @channel AND idempotency_key = @key;");
            read.Parameters.AddWithValue("channel", channel);
            read.Parameters.AddWithValue("key", idempotencyKey);
            var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.GetBoolean(0))
                    {
                        return new DeliveryClaim(DeliveryClaimStatus.AlreadyDelivered, reader.GetInt32(2));
                    }

                    if ((!reader.IsDBNull(1) && reader.GetInt64(1) > now.ToUnixTimeTicks()) || round >= 2)
                    {
                        return new DeliveryClaim(DeliveryClaimStatus.InFlight, reader.GetInt32(2));
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask IDeliveryDeduplicationStore.MarkDeliveredAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var mark = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.delivery_ledger (channel, idempotency_key, delivered, touched_at) VALUES (@channel, @key, true, @now)
            ON CONFLICT (channel, idempotency_key) DO UPDATE SET delivered = true, held_until = NULL, touched_at = excluded.touched_at;
            """);
        mark.Parameters.AddWithValue("channel", channel);
        mark.Parameters.AddWithValue("key", idempotencyKey);
        mark.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
        await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        var last = Interlocked.Read(ref _ledgerPrunedAtTicks);
        if (last < (now - Duration.FromHours(1)).ToUnixTimeTicks() && Interlocked.CompareExchange(ref _ledgerPrunedAtTicks, now.ToUnixTimeTicks(), last) == last)
        {
            // Keys untouched for the retention are forgotten, as the in-memory ledger does; at most hourly per store instance.
            using var forget = _dataSource.CreateCommand($"DELETE FROM {_schema}.delivery_ledger WHERE touched_at < @cutoff AND (held_until IS NULL OR held_until < @now);");
            forget.Parameters.AddWithValue("cutoff", (now - LedgerRetention).ToUnixTimeTicks());
            forget.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
            await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<int> IDeliveryDeduplicationStore.RecordFailureAsync(string channel, string idempotencyKey, Instant now, CancellationToken cancellationToken)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var fail = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.delivery_ledger AS l (channel, idempotency_key, failures, touched_at) VALUES (@channel, @key, 1, @now)
            ON CONFLICT (channel, idempotency_key) DO UPDATE SET failures = l.failures + 1, held_until = NULL, touched_at = excluded.touched_at
            RETURNING failures;
            """);
        fail.Parameters.AddWithValue("channel", channel);
        fail.Parameters.AddWithValue("key", idempotencyKey);
        fail.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
        return (int)(await fail.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask IDeliveryDeduplicationStore.ReleaseAsync(string channel, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return;
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var release = _dataSource.CreateCommand($"UPDATE {_schema}.delivery_ledger SET held_until = NULL WHERE channel = @channel AND idempotency_key = @key AND NOT delivered;");
        release.Parameters.AddWithValue("channel", channel);
        release.Parameters.AddWithValue("key", idempotencyKey);
        await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<Instant?> INotificationThrottleStore.TryBeginAsync(TenantId tenant, string channel, string recipients, Instant now, Duration window, CancellationToken cancellationToken)
    {
        ThrottleContract.Check(tenant, channel, recipients, window);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 0; ; round++)
        {
            using var begin = ThrottleCommand($"""
                INSERT INTO {_schema}.notification_throttle AS t (tenant, channel, recipients, window_start, window_end)
                VALUES (@tenant, @channel, @recipients, @start, @end)
                ON CONFLICT (tenant, channel, recipients) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end
                WHERE t.window_end <= @start
                RETURNING window_end;
                """, tenant, channel, recipients);
            begin.Parameters.AddWithValue("start", now.ToUnixTimeTicks());
            begin.Parameters.AddWithValue("end", (now + window).ToUnixTimeTicks());
            if (await begin.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long)
            {
                return null;
            }

            using var read = ThrottleCommand($"SELECT window_end FROM {_schema}.notification_throttle WHERE tenant = @tenant AND channel = @channel AND recipients = @recipients;",
                tenant, channel, recipients);
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long end && (end > now.ToUnixTimeTicks() || round >= 2))
            {
                return Instant.FromUnixTimeTicks(end);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask INotificationThrottleStore.RecordSentAsync(TenantId tenant, string channel, string recipients, Instant sentAt, Duration window, CancellationToken cancellationToken)
    {
        ThrottleContract.Check(tenant, channel, recipients, window);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var sent = ThrottleCommand($"""
            INSERT INTO {_schema}.notification_throttle (tenant, channel, recipients, window_start, window_end) VALUES (@tenant, @channel, @recipients, @start, @end)
            ON CONFLICT (tenant, channel, recipients) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end;
            """, tenant, channel, recipients);
        sent.Parameters.AddWithValue("start", sentAt.ToUnixTimeTicks());
        sent.Parameters.AddWithValue("end", (sentAt + window).ToUnixTimeTicks());
        await sent.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // Ended windows are dropped as sends happen, so the table holds about one window per active recipient set.
        using var prune = _dataSource.CreateCommand($"DELETE FROM {_schema}.notification_throttle WHERE window_end <= @now;");
        prune.Parameters.AddWithValue("now", sentAt.ToUnixTimeTicks());
        await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask INotificationThrottleStore.ReleaseAsync(TenantId tenant, string channel, string recipients, Instant begunAt, CancellationToken cancellationToken)
    {
        if (tenant.Value is null || channel is null || recipients is null)
        {
            return;
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var release = ThrottleCommand(
            $"DELETE FROM {_schema}.notification_throttle WHERE tenant = @tenant AND channel = @channel AND recipients = @recipients AND window_start = @start;",
            tenant, channel, recipients);
        release.Parameters.AddWithValue("start", begunAt.ToUnixTimeTicks());
        await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<bool> IOutboxDeadLetterStore.DeadLetterOutboxAsync(ClaimedOutboxMessage claim, string reason, CancellationToken cancellationToken)
    {
        Guard.Against.Null(claim);
        Guard.Against.Null(reason);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var move = _dataSource.CreateCommand($"""
            WITH moved AS (
                DELETE FROM {_schema}.outbox
                WHERE id = @id AND tenant = @tenant AND lease_token = @token AND lease_owner = @owner AND lease_expires > {_now}
                RETURNING id, tenant, incident, kind, payload, idempotency_key, created_at, attempts)
            INSERT INTO {_schema}.outbox_dead_letters (id, tenant, incident, kind, payload, idempotency_key, created_at, attempts, reason, dead_at)
            SELECT id, tenant, incident, kind, payload, idempotency_key, created_at, attempts, @reason, {_now} FROM moved;
            """);
        move.Parameters.AddWithValue("id", claim.Message.Id);
        move.Parameters.AddWithValue("tenant", claim.Message.Tenant.Value);
        move.Parameters.AddWithValue("token", claim.Lease.Token);
        move.Parameters.AddWithValue("owner", claim.Lease.Owner);
        move.Parameters.AddWithValue("reason", StoreContract.TrimError(reason)!);
        AddNow(move);
        return await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<IReadOnlyList<DeadLetter>> IOutboxDeadLetterStore.ListDeadLettersAsync(TenantId tenant, int maxItems, CancellationToken cancellationToken)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"""
            SELECT {MessageColumns}, attempts, reason, dead_at FROM {_schema}.outbox_dead_letters
            WHERE tenant = @tenant ORDER BY dead_at, id LIMIT @max;
            """);
        list.Parameters.AddWithValue("tenant", tenant.Value);
        list.Parameters.AddWithValue("max", maxItems);
        var dead = new List<DeadLetter>();
        var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                dead.Add(new DeadLetter(ReadMessage(reader), reader.GetInt32(7), reader.GetString(8), ReadInstant(reader, 9)));
            }
        }

        return dead;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<long> IOutboxDeadLetterStore.CountDeadLettersAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var count = _dataSource.CreateCommand($"SELECT count(*) FROM {_schema}.outbox_dead_letters WHERE tenant = @tenant;");
        count.Parameters.AddWithValue("tenant", tenant.Value);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    async ValueTask<bool> IOutboxDeadLetterStore.RequeueDeadLetterAsync(TenantId tenant, Guid messageId, CancellationToken cancellationToken)
    {
        if (tenant.Value is null)
        {
            return false;
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var move = _dataSource.CreateCommand($"""
            WITH moved AS (
                DELETE FROM {_schema}.outbox_dead_letters WHERE id = @id AND tenant = @tenant
                RETURNING id, tenant, incident, kind, payload, idempotency_key, created_at, reason)
            INSERT INTO {_schema}.outbox (id, tenant, incident, kind, payload, idempotency_key, created_at, attempts, next_attempt_at, last_error)
            SELECT id, tenant, incident, kind, payload, idempotency_key, created_at, 0, {_now}, reason FROM moved;
            """);
        move.Parameters.AddWithValue("id", messageId);
        move.Parameters.AddWithValue("tenant", tenant.Value);
        AddNow(move);
        return await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private NpgsqlCommand ThrottleCommand(string sql, TenantId tenant, string channel, string recipients)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("channel", channel);
        command.Parameters.AddWithValue("recipients", recipients);
        return command;
    }
}
