using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Problems;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

// Reviews, action items, reminders and problems (issue 11 §2-§3), through the same group-committing writer as the incidents: a
// review, its items and its reminders are one savepoint, and a reminder is marked sent in the same commit that queues its message.
public sealed partial class SqliteIncidentStore : IReviewStore
{
    private const string ReminderColumns = "tenant, incident, subject, kind, recipient, due_at, title, priority";

    /// <inheritdoc />
    public async ValueTask<StoredReview?> FindReviewOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var find = Command(connection, "SELECT data, version FROM reviews WHERE tenant = $tenant AND incident = $incident;");
        find.Parameters.AddWithValue("$tenant", tenant.Value);
        find.Parameters.AddWithValue("$incident", Key(incident));
        using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredReview(ReviewJson.DeserializeReview(reader.GetString(0)), reader.GetInt64(1))
            : null;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<long> SaveReviewAsync(PostIncidentReview review, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(review);
        ReviewStoreContract.CheckExpectedVersion(expectedVersion);
        var json = ReviewJson.Serialize(review);
        var reminders = ReviewStoreContract.RemindersOf(review);
        var tenant = review.Tenant.Value;
        var incident = Key(review.Incident);
        return await WriteAsync(connection =>
        {
            using (var exists = Command(connection, "SELECT 1 FROM streams WHERE tenant = $tenant AND incident = $incident;"))
            {
                Bind(exists, tenant, incident);
                if (exists.ExecuteScalar() is null)
                {
                    throw new ArgumentException($"Tenant '{review.Tenant}' has no incident {review.Incident} to review.", nameof(review));
                }
            }

            long actual;
            using (var version = Command(connection, "SELECT version FROM reviews WHERE tenant = $tenant AND incident = $incident;"))
            {
                Bind(version, tenant, incident);
                actual = version.ExecuteScalar() is long v ? v : 0;
            }

            if (actual != expectedVersion)
            {
                throw new RecordConcurrencyException(ReviewStoreContract.Describe(review), expectedVersion, actual);
            }

            var subjects = reminders.Keys.ToArray();
            var keep = string.Join(", ", subjects.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"$s{i}")));
            using (var save = Command(connection, $"""
                INSERT INTO reviews (tenant, incident, version, data) VALUES ($tenant, $incident, $version, $data)
                ON CONFLICT (tenant, incident) DO UPDATE SET version = excluded.version, data = excluded.data;
                DELETE FROM review_action_items WHERE tenant = $tenant AND incident = $incident;
                DELETE FROM review_reminders WHERE tenant = $tenant AND incident = $incident AND subject NOT IN ({keep});
                """))
            {
                Bind(save, tenant, incident);
                save.Parameters.AddWithValue("$version", actual + 1);
                save.Parameters.AddWithValue("$data", json);
                for (var i = 0; i < subjects.Length; i++)
                {
                    save.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$s{i}"), subjects[i]);
                }

                save.ExecuteNonQuery();
            }

            using (var item = Command(connection, """
                INSERT INTO review_action_items (tenant, incident, item, owner, pending, due_at, data)
                VALUES ($tenant, $incident, $item, $owner, $pending, $due, $data);
                """))
            {
                foreach (var a in review.ActionItems)
                {
                    item.Parameters.Clear();
                    Bind(item, tenant, incident);
                    item.Parameters.AddWithValue("$item", a.Id.ToString("N"));
                    item.Parameters.AddWithValue("$owner", a.Owner.Value);
                    item.Parameters.AddWithValue("$pending", a.IsPending ? 1 : 0);
                    item.Parameters.AddWithValue("$due", a.DueAt.ToUnixTimeTicks());
                    item.Parameters.AddWithValue("$data", ReviewJson.Serialize(a));
                    item.ExecuteNonQuery();
                }
            }

            // A reminder keeps its sent mark and lease while its due instant stands; a moved due instant makes it unsent and unheld.
            using (var remind = Command(connection, $"""
                INSERT INTO review_reminders ({ReminderColumns}) VALUES ($tenant, $incident, $subject, $kind, $recipient, $due, $title, $priority)
                ON CONFLICT (tenant, incident, subject) DO UPDATE SET
                    kind = excluded.kind, recipient = excluded.recipient, title = excluded.title, priority = excluded.priority,
                    sent = CASE WHEN due_at = excluded.due_at THEN sent ELSE 0 END,
                    lease_owner = CASE WHEN due_at = excluded.due_at THEN lease_owner END,
                    lease_token = CASE WHEN due_at = excluded.due_at THEN lease_token END,
                    lease_expires = CASE WHEN due_at = excluded.due_at THEN lease_expires END,
                    due_at = excluded.due_at;
                """))
            {
                foreach (var (subject, r) in reminders)
                {
                    remind.Parameters.Clear();
                    Bind(remind, tenant, incident);
                    remind.Parameters.AddWithValue("$subject", subject);
                    remind.Parameters.AddWithValue("$kind", (int)r.Kind);
                    remind.Parameters.AddWithValue("$recipient", r.Recipient.Value);
                    remind.Parameters.AddWithValue("$due", r.DueAt.ToUnixTimeTicks());
                    remind.Parameters.AddWithValue("$title", r.Title);
                    remind.Parameters.AddWithValue("$priority", r.Priority.Level);
                    remind.ExecuteNonQuery();
                }
            }

            return actual + 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ActionItemRecord>> ListActionItemsAsync(TenantId tenant, UserId? owner, bool pendingOnly, int maxItems = 100,
        CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckMaxItems(maxItems);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, """
            SELECT incident, data FROM review_action_items
            WHERE tenant = $tenant AND ($owner IS NULL OR owner = $owner) AND ($pendingOnly = 0 OR pending = 1)
            ORDER BY due_at, item LIMIT $max;
            """);
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        list.Parameters.AddWithValue("$owner", (object?)owner?.Value ?? DBNull.Value);
        list.Parameters.AddWithValue("$pendingOnly", pendingOnly ? 1 : 0);
        list.Parameters.AddWithValue("$max", maxItems);
        var result = new List<ActionItemRecord>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ActionItemRecord(tenant, new IncidentId(Guid.ParseExact(reader.GetString(0), "N")), ReviewJson.DeserializeActionItem(reader.GetString(1))));
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<StoredProblem?> FindProblemOrNullAsync(TenantId tenant, ProblemId problem, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var find = Command(connection, "SELECT data, version FROM problems WHERE tenant = $tenant AND id = $id;");
        find.Parameters.AddWithValue("$tenant", tenant.Value);
        find.Parameters.AddWithValue("$id", problem.Value.ToString("N"));
        using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredProblem(ReviewJson.DeserializeProblem(reader.GetString(0)), reader.GetInt64(1))
            : null;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<long> SaveProblemAsync(Problem problem, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(problem);
        ReviewStoreContract.CheckExpectedVersion(expectedVersion);
        var json = ReviewJson.Serialize(problem);
        return await WriteAsync(connection =>
        {
            long actual;
            using (var version = Command(connection, "SELECT version FROM problems WHERE tenant = $tenant AND id = $id;"))
            {
                version.Parameters.AddWithValue("$tenant", problem.Tenant.Value);
                version.Parameters.AddWithValue("$id", problem.Id.Value.ToString("N"));
                actual = version.ExecuteScalar() is long v ? v : 0;
            }

            if (actual != expectedVersion)
            {
                throw new RecordConcurrencyException($"problem {problem.Id} of tenant '{problem.Tenant}'", expectedVersion, actual);
            }

            using var save = Command(connection, """
                INSERT INTO problems (tenant, id, version, state, changed_at, data) VALUES ($tenant, $id, $version, $state, $changed, $data)
                ON CONFLICT (tenant, id) DO UPDATE SET version = excluded.version, state = excluded.state, changed_at = excluded.changed_at, data = excluded.data;
                """);
            save.Parameters.AddWithValue("$tenant", problem.Tenant.Value);
            save.Parameters.AddWithValue("$id", problem.Id.Value.ToString("N"));
            save.Parameters.AddWithValue("$version", actual + 1);
            save.Parameters.AddWithValue("$state", problem.State.ToString());
            save.Parameters.AddWithValue("$changed", problem.LastChangedAt.ToUnixTimeTicks());
            save.Parameters.AddWithValue("$data", json);
            save.ExecuteNonQuery();
            return actual + 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredProblem>> ListProblemsAsync(TenantId tenant, ProblemState? state, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckMaxItems(maxItems);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, """
            SELECT data, version FROM problems WHERE tenant = $tenant AND ($state IS NULL OR state = $state)
            ORDER BY changed_at DESC, id LIMIT $max;
            """);
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        list.Parameters.AddWithValue("$state", (object?)state?.ToString() ?? DBNull.Value);
        list.Parameters.AddWithValue("$max", maxItems);
        var result = new List<StoredProblem>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredProblem(ReviewJson.DeserializeProblem(reader.GetString(0)), reader.GetInt64(1)));
        }

        return result;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<IReadOnlyList<ClaimedReminder>> ClaimRemindersAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        return await WriteAsync<IReadOnlyList<ClaimedReminder>>(connection => Claim(connection, $"""
                UPDATE review_reminders SET lease_owner = $owner, lease_token = $token, lease_expires = $expires
                WHERE rowid IN (
                    SELECT rowid FROM review_reminders
                    WHERE sent = 0 AND due_at <= $now AND (lease_expires IS NULL OR lease_expires <= $now)
                    ORDER BY due_at, tenant, incident, subject LIMIT $max)
                RETURNING {ReminderColumns};
                """, owner, _clock.GetCurrentInstant(), leaseDuration, maxItems, (reader, lease) => new ClaimedReminder(
                    new TenantId(reader.GetString(0)), new IncidentId(Guid.ParseExact(reader.GetString(1), "N")),
                    new ReviewReminder(reader.GetString(2), (ReminderKind)reader.GetInt32(3), new UserId(reader.GetString(4)),
                        Instant.FromUnixTimeTicks(reader.GetInt64(5)), reader.GetString(6), new Priority(reader.GetInt32(7))), lease))
                .OrderBy(c => c.Reminder.DueAt).ThenBy(c => c.Tenant.Value, StringComparer.Ordinal).ThenBy(c => Key(c.Incident), StringComparer.Ordinal)
                .ThenBy(c => c.Reminder.Subject, StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> CompleteReminderAsync(ClaimedReminder claim, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckCompletion(claim, message);
        return await WriteAsync(connection =>
        {
            using (var complete = Command(connection, """
                UPDATE review_reminders SET sent = 1, lease_owner = NULL, lease_token = NULL, lease_expires = NULL
                WHERE tenant = $tenant AND incident = $incident AND subject = $subject AND due_at = $due AND sent = 0 AND
                """ + " " + HeldBy))
            {
                Bind(complete, claim.Tenant.Value, Key(claim.Incident));
                complete.Parameters.AddWithValue("$subject", claim.Reminder.Subject);
                complete.Parameters.AddWithValue("$due", claim.Reminder.DueAt.ToUnixTimeTicks());
                AddLease(complete, claim.Lease, _clock.GetCurrentInstant());
                if (complete.ExecuteNonQuery() != 1)
                {
                    return false;
                }
            }

            using var queue = Command(connection, """
                INSERT INTO outbox (id, tenant, incident, kind, payload, idempotency_key, created_at, next_attempt_at)
                VALUES ($id, $tenant, $incident, $kind, $payload, $key, $at, $at);
                """);
            Bind(queue, message.Tenant.Value, Key(message.Incident));
            queue.Parameters.AddWithValue("$id", message.Id.ToString("N"));
            queue.Parameters.AddWithValue("$kind", message.Kind);
            queue.Parameters.AddWithValue("$payload", message.Payload);
            queue.Parameters.AddWithValue("$key", message.IdempotencyKey);
            queue.Parameters.AddWithValue("$at", message.CreatedAt.ToUnixTimeTicks());
            queue.ExecuteNonQuery();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(SqliteCommand command, string tenant, string incident)
    {
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$incident", incident);
    }
}
