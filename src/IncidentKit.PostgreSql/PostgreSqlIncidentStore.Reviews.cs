using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Problems;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql;

// Reviews, action items, reminders and problems (issue 11 §2-§3). A review save is one transaction that locks the review row
// (or inserts it, refusing a racing create), so the version check and the writes of items and reminders cannot interleave with
// another save; reminder claims use FOR UPDATE SKIP LOCKED and the database clock, like due work.
public sealed partial class PostgreSqlIncidentStore : IReviewStore
{
    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<StoredReview?> FindReviewOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var find = _dataSource.CreateCommand($"SELECT data::text, version FROM {_schema}.reviews WHERE tenant = @tenant AND incident = @incident;");
        find.Parameters.AddWithValue("tenant", tenant.Value);
        find.Parameters.AddWithValue("incident", incident.Value);
        var found = await ReadAllAsync(find, r => new StoredReview(ReviewJson.DeserializeReview(r.GetString(0)), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was stored.</exception>
    public async ValueTask<long> SaveReviewAsync(PostIncidentReview review, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(review);
        ReviewStoreContract.CheckExpectedVersion(expectedVersion);
        var json = ReviewJson.Serialize(review);
        var reminders = ReviewStoreContract.RemindersOf(review);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var exists = Command(connection, $"SELECT count(*) FROM {_schema}.streams WHERE tenant = @tenant AND incident = @incident;", review))
                {
                    if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
                    {
                        throw new ArgumentException($"Tenant '{review.Tenant}' has no incident {review.Incident} to review.", nameof(review));
                    }
                }

                long actual;
                using (var version = Command(connection, $"SELECT version FROM {_schema}.reviews WHERE tenant = @tenant AND incident = @incident FOR UPDATE;", review))
                {
                    actual = await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v ? v : 0;
                }

                if (actual != expectedVersion)
                {
                    throw new RecordConcurrencyException(ReviewStoreContract.Describe(review), expectedVersion, actual);
                }

                using (var save = Command(connection, actual == 0
                    ? $"INSERT INTO {_schema}.reviews (tenant, incident, version, data) VALUES (@tenant, @incident, 1, @data::jsonb) ON CONFLICT DO NOTHING;"
                    : $"UPDATE {_schema}.reviews SET version = version + 1, data = @data::jsonb WHERE tenant = @tenant AND incident = @incident;", review))
                {
                    save.Parameters.AddWithValue("data", json);
                    if (await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    {
                        // Another save created the review between our read and our insert.
                        throw new RecordConcurrencyException(ReviewStoreContract.Describe(review), expectedVersion, 1);
                    }
                }

                using (var items = Command(connection, $"""
                    DELETE FROM {_schema}.review_action_items WHERE tenant = @tenant AND incident = @incident;
                    INSERT INTO {_schema}.review_action_items (tenant, incident, item, owner, pending, due_ticks, data)
                    SELECT @tenant, @incident, i.id, i.owner, i.pending, i.due, i.data::jsonb
                    FROM unnest(@ids, @owners, @pendings, @dues, @datas) AS i(id, owner, pending, due, data);
                    DELETE FROM {_schema}.review_reminders WHERE tenant = @tenant AND incident = @incident AND subject <> ALL(@subjects);
                    """, review))
                {
                    items.Parameters.AddWithValue("ids", review.ActionItems.Select(a => a.Id).ToArray());
                    items.Parameters.AddWithValue("owners", review.ActionItems.Select(a => a.Owner.Value).ToArray());
                    items.Parameters.AddWithValue("pendings", review.ActionItems.Select(a => a.IsPending).ToArray());
                    items.Parameters.AddWithValue("dues", review.ActionItems.Select(a => a.DueAt.ToUnixTimeTicks()).ToArray());
                    items.Parameters.AddWithValue("datas", review.ActionItems.Select(ReviewJson.Serialize).ToArray());
                    items.Parameters.AddWithValue("subjects", reminders.Keys.ToArray());
                    await items.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // A reminder keeps its sent mark and lease while its due instant stands; a moved due instant makes it unsent and unheld.
                using (var remind = Command(connection, $"""
                    INSERT INTO {_schema}.review_reminders AS r (tenant, incident, subject, kind, recipient, due_at, due_ticks, title, priority)
                    SELECT @tenant, @incident, x.subject, x.kind, x.recipient, x.due_at, x.due_ticks, x.title, x.priority
                    FROM unnest(@subjects, @kinds, @recipients, @dueAts, @dueTicks, @titles, @priorities) AS x(subject, kind, recipient, due_at, due_ticks, title, priority)
                    ON CONFLICT (tenant, incident, subject) DO UPDATE SET
                        kind = excluded.kind, recipient = excluded.recipient, title = excluded.title, priority = excluded.priority,
                        sent = CASE WHEN r.due_ticks = excluded.due_ticks THEN r.sent ELSE false END,
                        lease_owner = CASE WHEN r.due_ticks = excluded.due_ticks THEN r.lease_owner END,
                        lease_token = CASE WHEN r.due_ticks = excluded.due_ticks THEN r.lease_token END,
                        lease_expires = CASE WHEN r.due_ticks = excluded.due_ticks THEN r.lease_expires END,
                        due_at = excluded.due_at, due_ticks = excluded.due_ticks;
                    """, review))
                {
                    var list = reminders.Values.ToList();
                    remind.Parameters.AddWithValue("subjects", list.Select(r => r.Subject).ToArray());
                    remind.Parameters.AddWithValue("kinds", list.Select(r => (int)r.Kind).ToArray());
                    remind.Parameters.AddWithValue("recipients", list.Select(r => r.Recipient.Value).ToArray());
                    remind.Parameters.AddWithValue("dueAts", list.Select(r => Utc(r.DueAt)).ToArray());
                    remind.Parameters.AddWithValue("dueTicks", list.Select(r => r.DueAt.ToUnixTimeTicks()).ToArray());
                    remind.Parameters.AddWithValue("titles", list.Select(r => r.Title).ToArray());
                    remind.Parameters.AddWithValue("priorities", list.Select(r => r.Priority.Level).ToArray());
                    await remind.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return actual + 1;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<ActionItemRecord>> ListActionItemsAsync(TenantId tenant, UserId? owner, bool pendingOnly, int maxItems = 100,
        CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckMaxItems(maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"""
            SELECT incident, data::text FROM {_schema}.review_action_items
            WHERE tenant = @tenant AND (@owner::text IS NULL OR owner = @owner::text) AND (NOT @pendingOnly OR pending)
            ORDER BY due_ticks, item LIMIT @max;
            """);
        list.Parameters.AddWithValue("tenant", tenant.Value);
        list.Parameters.AddWithValue("owner", (object?)owner?.Value ?? DBNull.Value);
        list.Parameters.AddWithValue("pendingOnly", pendingOnly);
        list.Parameters.AddWithValue("max", maxItems);
        return await ReadAllAsync(list, r => new ActionItemRecord(tenant, new IncidentId(r.GetGuid(0)), ReviewJson.DeserializeActionItem(r.GetString(1))), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<StoredProblem?> FindProblemOrNullAsync(TenantId tenant, ProblemId problem, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var find = _dataSource.CreateCommand($"SELECT data::text, version FROM {_schema}.problems WHERE tenant = @tenant AND id = @id;");
        find.Parameters.AddWithValue("tenant", tenant.Value);
        find.Parameters.AddWithValue("id", problem.Value);
        var found = await ReadAllAsync(find, r => new StoredProblem(ReviewJson.DeserializeProblem(r.GetString(0)), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was stored.</exception>
    public async ValueTask<long> SaveProblemAsync(Problem problem, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(problem);
        ReviewStoreContract.CheckExpectedVersion(expectedVersion);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var save = _dataSource.CreateCommand(expectedVersion == 0
            ? $"""
              INSERT INTO {_schema}.problems (tenant, id, version, state, changed_ticks, data) VALUES (@tenant, @id, 1, @state, @changed, @data::jsonb)
              ON CONFLICT DO NOTHING;
              """
            : $"""
              UPDATE {_schema}.problems SET version = version + 1, state = @state, changed_ticks = @changed, data = @data::jsonb
              WHERE tenant = @tenant AND id = @id AND version = @expected;
              """);
        save.Parameters.AddWithValue("tenant", problem.Tenant.Value);
        save.Parameters.AddWithValue("id", problem.Id.Value);
        save.Parameters.AddWithValue("state", problem.State.ToString());
        save.Parameters.AddWithValue("changed", problem.LastChangedAt.ToUnixTimeTicks());
        save.Parameters.AddWithValue("data", ReviewJson.Serialize(problem));
        save.Parameters.AddWithValue("expected", expectedVersion);
        if (await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return expectedVersion + 1;
        }

        var stored = await FindProblemOrNullAsync(problem.Tenant, problem.Id, cancellationToken).ConfigureAwait(false);
        throw new RecordConcurrencyException($"problem {problem.Id} of tenant '{problem.Tenant}'", expectedVersion, stored?.Version ?? 0);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<StoredProblem>> ListProblemsAsync(TenantId tenant, ProblemState? state, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckMaxItems(maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"""
            SELECT data::text, version FROM {_schema}.problems WHERE tenant = @tenant AND (@state::text IS NULL OR state = @state::text)
            ORDER BY changed_ticks DESC, id LIMIT @max;
            """);
        list.Parameters.AddWithValue("tenant", tenant.Value);
        list.Parameters.AddWithValue("state", (object?)state?.ToString() ?? DBNull.Value);
        list.Parameters.AddWithValue("max", maxItems);
        return await ReadAllAsync(list, r => new StoredProblem(ReviewJson.DeserializeProblem(r.GetString(0)), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was claimed.</exception>
    public async ValueTask<IReadOnlyList<ClaimedReminder>> ClaimRemindersAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var claim = _dataSource.CreateCommand($"""
            WITH picked AS (
                SELECT tenant, incident, subject FROM {_schema}.review_reminders
                WHERE NOT sent AND due_at <= {_now} AND (lease_expires IS NULL OR lease_expires <= {_now})
                ORDER BY due_at, tenant, incident, subject LIMIT @max
                FOR UPDATE SKIP LOCKED),
            token AS (SELECT nextval('{_schema}.lease_tokens') AS value)
            UPDATE {_schema}.review_reminders r SET lease_owner = @owner, lease_token = token.value, lease_expires = {_now} + @lease
            FROM picked, token
            WHERE r.tenant = picked.tenant AND r.incident = picked.incident AND r.subject = picked.subject
            RETURNING r.tenant, r.incident, r.subject, r.kind, r.recipient, r.due_ticks, r.title, r.priority, r.lease_token, r.lease_expires;
            """);
        claim.Parameters.AddWithValue("max", maxItems);
        claim.Parameters.AddWithValue("owner", owner);
        claim.Parameters.AddWithValue("lease", leaseDuration.ToTimeSpan());
        AddNow(claim);
        var claimed = await ReadAllAsync(claim, r => new ClaimedReminder(new TenantId(r.GetString(0)), new IncidentId(r.GetGuid(1)),
            new ReviewReminder(r.GetString(2), (ReminderKind)r.GetInt32(3), new UserId(r.GetString(4)), Instant.FromUnixTimeTicks(r.GetInt64(5)),
                r.GetString(6), new Priority(r.GetInt32(7))),
            new WorkLease(owner, r.GetInt64(8), ReadInstant(r, 9))), cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(c => c.Reminder.DueAt).ThenBy(c => c.Tenant.Value, StringComparer.Ordinal).ThenBy(c => c.Incident.Value)
            .ThenBy(c => c.Reminder.Subject, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was written.</exception>
    public async ValueTask<bool> CompleteReminderAsync(ClaimedReminder claim, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckCompletion(claim, message);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // One statement: the fenced update marks the reminder sent, and only if it did, the message joins the outbox.
        using var complete = _dataSource.CreateCommand($"""
            WITH done AS (
                UPDATE {_schema}.review_reminders SET sent = true, lease_owner = NULL, lease_token = NULL, lease_expires = NULL
                WHERE tenant = @tenant AND incident = @incident AND subject = @subject AND due_ticks = @due AND NOT sent
                  AND lease_token = @token AND lease_owner = @owner AND lease_expires > {_now}
                RETURNING 1)
            INSERT INTO {_schema}.outbox (id, tenant, incident, kind, payload, idempotency_key, created_at, next_attempt_at)
            SELECT @id, @tenant, @incident, @kind, @payload::json, @key, @created, @created FROM done;
            """);
        complete.Parameters.AddWithValue("tenant", claim.Tenant.Value);
        complete.Parameters.AddWithValue("incident", claim.Incident.Value);
        complete.Parameters.AddWithValue("subject", claim.Reminder.Subject);
        complete.Parameters.AddWithValue("due", claim.Reminder.DueAt.ToUnixTimeTicks());
        complete.Parameters.AddWithValue("id", message.Id);
        complete.Parameters.AddWithValue("kind", message.Kind);
        complete.Parameters.AddWithValue("payload", message.Payload);
        complete.Parameters.AddWithValue("key", message.IdempotencyKey);
        complete.Parameters.AddWithValue("created", Utc(message.CreatedAt));
        AddLease(complete, claim.Lease);
        try
        {
            return await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            // The message id was queued before: the statement rolled back whole, so the reminder stays as it was.
            return false;
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, PostIncidentReview review)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", review.Tenant.Value);
        command.Parameters.AddWithValue("incident", review.Incident.Value);
        return command;
    }
}
