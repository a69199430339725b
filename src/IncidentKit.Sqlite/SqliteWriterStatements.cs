using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

// The append statements of the writer connection, prepared once and reused: SQLite keeps a command's compiled statement while
// its text is unchanged, so each append only binds values.
internal sealed class SqliteWriterStatements : IDisposable
{
    public SqliteWriterStatements(SqliteConnection connection)
    {
        Version = Create(connection, "SELECT version FROM streams WHERE tenant = $tenant AND incident = $incident;", "$tenant", "$incident");
        EventInStream = Create(connection, "SELECT 1 FROM events WHERE event_id = $id AND tenant = $tenant AND incident = $incident;", "$id", "$tenant", "$incident");
        string[] summary = ["$tenant", "$incident", "$version", "$state", "$priority", "$assignee", "$category", "$openedAt", "$summary", "$settledAt"];
        InsertStream = Create(connection, """
            INSERT INTO streams (tenant, incident, version, state, priority, assignee, category_key, opened_at, summary, settled_at)
            VALUES ($tenant, $incident, $version, $state, $priority, $assignee, $category, $openedAt, $summary, $settledAt);
            """, summary);
        UpdateStream = Create(connection, """
            UPDATE streams SET version = $version, state = $state, priority = $priority, assignee = $assignee,
                category_key = $category, opened_at = $openedAt, summary = $summary, settled_at = $settledAt
            WHERE tenant = $tenant AND incident = $incident;
            """, summary);
        InsertEvent = Create(connection, """
            INSERT INTO events (tenant, incident, version, event_id, data, prev_hash, hash)
            VALUES ($tenant, $incident, $version, $id, $data, $prevHash, $hash);
            """, "$tenant", "$incident", "$version", "$id", "$data", "$prevHash", "$hash");
        HeadHash = Create(connection, "SELECT hash FROM events WHERE tenant = $tenant AND incident = $incident AND version = $version;", "$tenant", "$incident", "$version");
        InsertOutbox = Create(connection, """
            INSERT INTO outbox (id, tenant, incident, kind, payload, idempotency_key, created_at, next_attempt_at)
            VALUES ($id, $tenant, $incident, $kind, $payload, $key, $createdAt, $createdAt);
            """, "$id", "$tenant", "$incident", "$kind", "$payload", "$key", "$createdAt");
        DeleteDue = Create(connection, "DELETE FROM due_work WHERE tenant = $tenant AND incident = $incident;", "$tenant", "$incident");

        // One due row per incident, replaced on every append; a re-plan to another instant or kind drops the lease so that the
        // old holder's completion is refused and the new plan survives.
        PlanDue = Create(connection, """
            INSERT INTO due_work (tenant, incident, due_at, kind) VALUES ($tenant, $incident, $dueAt, $kind)
            ON CONFLICT (tenant, incident) DO UPDATE SET
                lease_owner = CASE WHEN due_at = excluded.due_at AND kind = excluded.kind THEN lease_owner END,
                lease_token = CASE WHEN due_at = excluded.due_at AND kind = excluded.kind THEN lease_token END,
                lease_expires = CASE WHEN due_at = excluded.due_at AND kind = excluded.kind THEN lease_expires END,
                due_at = excluded.due_at,
                kind = excluded.kind;
            """, "$tenant", "$incident", "$dueAt", "$kind");
        // The alert inbox's receipt (an alert storm writes one per alert).
        InboxUpsert = Create(connection, """
            INSERT INTO alert_inbox (id, tenant, dedup_key, alert, received_at, occurrences, last_seen_at)
            VALUES ($id, $tenant, $dedup, $alert, $at, 1, $at)
            ON CONFLICT (tenant, dedup_key) DO UPDATE SET occurrences = occurrences + 1, last_seen_at = max(last_seen_at, excluded.last_seen_at)
            RETURNING id, occurrences;
            """, "$id", "$tenant", "$dedup", "$alert", "$at");
        // An alert group's save: the compare-and-set on its version (or its first insert), then one upsert per changed entry,
        // all in the save's savepoint (SqliteIncidentStore.Alerts.cs).
        string[] group = ["$tenant", "$key", "$version", "$state", "$next"];
        GroupInsert = Create(connection, """
            INSERT INTO alert_groups (tenant, group_key, version, state, next_check_at) VALUES ($tenant, $key, $version, $state, $next)
            ON CONFLICT DO NOTHING;
            """, group);
        GroupUpdate = Create(connection, """
            UPDATE alert_groups SET version = $version, state = $state, next_check_at = $next
            WHERE tenant = $tenant AND group_key = $key AND version = $expected;
            """, [.. group, "$expected"]);
        EntryUpsert = new SqliteEntryUpsert(connection);
        Begin = Create(connection, "BEGIN IMMEDIATE;");
        Commit = Create(connection, "COMMIT;");
        Savepoint = Create(connection, "SAVEPOINT write;");
        ReleaseSavepoint = Create(connection, "RELEASE write;");
        RollbackToSavepoint = Create(connection, "ROLLBACK TO write;");
    }

    public SqliteCommand Version { get; }

    public SqliteCommand EventInStream { get; }

    public SqliteCommand InsertStream { get; }

    public SqliteCommand UpdateStream { get; }

    public SqliteCommand InsertEvent { get; }

    public SqliteCommand InsertOutbox { get; }

    public SqliteCommand HeadHash { get; }

    public SqliteCommand DeleteDue { get; }

    public SqliteCommand PlanDue { get; }

    public SqliteCommand InboxUpsert { get; }

    public SqliteCommand GroupInsert { get; }

    public SqliteCommand GroupUpdate { get; }

    public SqliteEntryUpsert EntryUpsert { get; }

    public SqliteCommand Begin { get; }

    public SqliteCommand Commit { get; }

    public SqliteCommand Savepoint { get; }

    public SqliteCommand ReleaseSavepoint { get; }

    public SqliteCommand RollbackToSavepoint { get; }

    public static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { Version, EventInStream, InsertStream, UpdateStream, InsertEvent, InsertOutbox, HeadHash, DeleteDue, PlanDue, InboxUpsert, GroupInsert, GroupUpdate, Begin, Commit, Savepoint, ReleaseSavepoint, RollbackToSavepoint })
        {
            command.Dispose();
        }

        EntryUpsert.Dispose();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
