using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Sqlite;

// The schema, created and migrated by the library: ordered migrations, each applied once in one transaction and recorded in
// schema_version. Never edit a shipped migration; append a new one.
internal static class SqliteSchema
{
    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE streams (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            state INTEGER NOT NULL,
            priority INTEGER NOT NULL,
            assignee TEXT,
            category_key TEXT,
            opened_at INTEGER NOT NULL,
            summary TEXT NOT NULL,
            PRIMARY KEY (tenant, incident)
        ) WITHOUT ROWID;
        CREATE INDEX streams_by_opening ON streams (tenant, opened_at, incident);

        CREATE TABLE events (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            event_id TEXT NOT NULL UNIQUE,
            data TEXT NOT NULL,
            PRIMARY KEY (tenant, incident, version),
            FOREIGN KEY (tenant, incident) REFERENCES streams (tenant, incident)
        ) WITHOUT ROWID;

        CREATE TABLE due_work (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            lease_owner TEXT,
            lease_token INTEGER,
            lease_expires INTEGER,
            UNIQUE (tenant, incident),
            FOREIGN KEY (tenant, incident) REFERENCES streams (tenant, incident)
        );
        CREATE INDEX due_work_by_due ON due_work (due_at);

        CREATE TABLE outbox (
            id TEXT NOT NULL PRIMARY KEY,
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            lease_owner TEXT,
            lease_token INTEGER,
            lease_expires INTEGER,
            FOREIGN KEY (tenant, incident) REFERENCES streams (tenant, incident)
        );
        CREATE INDEX outbox_by_attempt ON outbox (next_attempt_at);
        CREATE INDEX outbox_by_tenant ON outbox (tenant, created_at);

        CREATE TABLE counters (name TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO counters (name, value) VALUES ('lease_token', 0);
        """,

        // Tamper-evident timeline (EventChain): each event carries its predecessor's hash and its own. Rows stored before this
        // migration keep NULL in both (pre-chain events); the first append after it links to the chain computed over them.
        """
        ALTER TABLE events ADD COLUMN prev_hash BLOB;
        ALTER TABLE events ADD COLUMN hash BLOB;
        """,

        // Delivery log (issue 15 §3): each incident's delivery outcomes beside its stream, not as events, so that recording a
        // send never contends with the people working the incident. Keyed per tenant and incident; the id derives from the fact.
        """
        CREATE TABLE deliveries (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            id TEXT NOT NULL,
            at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            attempt INTEGER NOT NULL CHECK (attempt > 0),
            delivered INTEGER NOT NULL,
            reason TEXT,
            will_retry INTEGER NOT NULL,
            PRIMARY KEY (tenant, incident, id),
            FOREIGN KEY (tenant, incident) REFERENCES streams (tenant, incident)
        ) WITHOUT ROWID;
        """,

        // Shared state (issue 15 §4): subscriptions, on-call adjustments, the delivery ledger, throttling windows and the
        // outbox's dead letters, so that they survive a restart and every process on the file sees the same.
        """
        CREATE TABLE subscriptions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            subscriber TEXT NOT NULL,
            target_kind INTEGER NOT NULL,
            target_key TEXT NOT NULL,
            target_value TEXT NOT NULL,
            audience INTEGER NOT NULL,
            channels TEXT NOT NULL,
            UNIQUE (tenant, subscriber, target_key)
        );
        CREATE INDEX subscriptions_by_target ON subscriptions (tenant, target_kind, target_value);

        CREATE TABLE oncall_adjustments (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            schedule TEXT NOT NULL,
            ends_at INTEGER NOT NULL,
            data TEXT NOT NULL
        );

        CREATE TABLE delivery_ledger (
            channel TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            delivered INTEGER NOT NULL DEFAULT 0,
            held_until INTEGER,
            failures INTEGER NOT NULL DEFAULT 0,
            touched_at INTEGER NOT NULL,
            PRIMARY KEY (channel, idempotency_key)
        ) WITHOUT ROWID;
        CREATE INDEX delivery_ledger_by_touch ON delivery_ledger (touched_at);

        CREATE TABLE notification_throttle (
            tenant TEXT NOT NULL,
            channel TEXT NOT NULL,
            recipients TEXT NOT NULL,
            window_start INTEGER NOT NULL,
            window_end INTEGER NOT NULL,
            PRIMARY KEY (tenant, channel, recipients)
        ) WITHOUT ROWID;
        CREATE INDEX notification_throttle_by_end ON notification_throttle (window_end);

        CREATE TABLE outbox_dead_letters (
            id TEXT NOT NULL PRIMARY KEY,
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            reason TEXT NOT NULL,
            dead_at INTEGER NOT NULL,
            FOREIGN KEY (tenant, incident) REFERENCES streams (tenant, incident)
        );
        CREATE INDEX outbox_dead_letters_by_tenant ON outbox_dead_letters (tenant, dead_at, id);
        """,

        // Alert intake (issue 13): the inbox of received reports, alert group state and hashed integration keys.
        """
        CREATE TABLE alert_inbox (
            id TEXT NOT NULL PRIMARY KEY,
            tenant TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            alert TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            occurrences INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL,
            processed INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_token INTEGER,
            lease_expires INTEGER,
            UNIQUE (tenant, dedup_key)
        );
        CREATE INDEX alert_inbox_pending ON alert_inbox (processed, received_at);
        CREATE INDEX alert_inbox_by_tenant ON alert_inbox (tenant, received_at);

        CREATE TABLE alert_groups (
            tenant TEXT NOT NULL,
            group_key TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            state TEXT NOT NULL,
            next_check_at INTEGER,
            PRIMARY KEY (tenant, group_key)
        ) WITHOUT ROWID;
        CREATE INDEX alert_groups_by_check ON alert_groups (next_check_at) WHERE next_check_at IS NOT NULL;

        CREATE TABLE integration_keys (
            key_hash TEXT NOT NULL PRIMARY KEY,
            tenant TEXT NOT NULL,
            integration TEXT NOT NULL
        ) WITHOUT ROWID;
        """,

        // Reporting (issue 11 §1): when each incident settled (its last resolution, else its cancellation) in Unix ticks, and
        // long.MaxValue while it is open, indexed per tenant so that the incidents active in a report's period are one range of
        // the index (SqliteIncidentStore.Activity.cs). Rows stored before this migration are backfilled from their summary,
        // rounded up to the next whole second (strftime has no sub-second epoch): a later settled instant can only widen a
        // period's answer, never leave out an incident that was active in it.
        """
        ALTER TABLE streams ADD COLUMN settled_at INTEGER NOT NULL DEFAULT 9223372036854775807;
        UPDATE streams SET settled_at = coalesce(
                (CAST(strftime('%s', coalesce(json_extract(summary, '$.resolvedAt'), json_extract(summary, '$.closedAt'))) AS INTEGER) + 1) * 10000000,
                9223372036854775807)
            WHERE coalesce(json_extract(summary, '$.resolvedAt'), json_extract(summary, '$.closedAt')) IS NOT NULL;
        CREATE INDEX streams_by_settling ON streams (tenant, settled_at, incident, opened_at);
        """,

        // Maintenance windows (issue 13): durable silences per tenant and their audit trail (created, expired, deleted).
        """
        CREATE TABLE maintenance_windows (
            tenant TEXT NOT NULL,
            id TEXT NOT NULL,
            definition TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expired_at INTEGER,
            PRIMARY KEY (tenant, id)
        ) WITHOUT ROWID;

        CREATE TABLE maintenance_window_audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            window_id TEXT NOT NULL,
            change INTEGER NOT NULL,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX maintenance_window_audit_by_tenant ON maintenance_window_audit (tenant, seq);
        """,

        // Post-incident reviews and problems (issue 11 §2-§3): a review per incident with its action items listed beside it, the
        // reminders its items and due date need (claimed under leases like due work), and problem records; all keyed per tenant.
        """
        CREATE TABLE reviews (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            data TEXT NOT NULL,
            PRIMARY KEY (tenant, incident),
            FOREIGN KEY (tenant, incident) REFERENCES streams (tenant, incident)
        ) WITHOUT ROWID;

        CREATE TABLE review_action_items (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            item TEXT NOT NULL,
            owner TEXT NOT NULL,
            pending INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (tenant, incident, item),
            FOREIGN KEY (tenant, incident) REFERENCES reviews (tenant, incident)
        ) WITHOUT ROWID;
        CREATE INDEX review_action_items_by_due ON review_action_items (tenant, due_at, item);

        CREATE TABLE review_reminders (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            subject TEXT NOT NULL,
            kind INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            title TEXT NOT NULL,
            priority INTEGER NOT NULL,
            sent INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_token INTEGER,
            lease_expires INTEGER,
            UNIQUE (tenant, incident, subject),
            FOREIGN KEY (tenant, incident) REFERENCES reviews (tenant, incident)
        );
        CREATE INDEX review_reminders_by_due ON review_reminders (due_at) WHERE sent = 0;

        CREATE TABLE problems (
            tenant TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            state TEXT NOT NULL,
            changed_at INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (tenant, id)
        ) WITHOUT ROWID;
        CREATE INDEX problems_by_change ON problems (tenant, changed_at);
        """,

        // Heartbeat checks as due work (issue 13 §1): a check belongs to no incident (IDueCheckStore: its key is a name-based id
        // no stream has), so due_work loses its foreign key to streams. SQLite cannot drop a constraint, so the table is rebuilt
        // (columns and rows as they are, the index again).
        """
        CREATE TABLE due_work_next (
            tenant TEXT NOT NULL,
            incident TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            lease_owner TEXT,
            lease_token INTEGER,
            lease_expires INTEGER,
            UNIQUE (tenant, incident)
        );
        INSERT INTO due_work_next (tenant, incident, due_at, kind, lease_owner, lease_token, lease_expires)
            SELECT tenant, incident, due_at, kind, lease_owner, lease_token, lease_expires FROM due_work;
        DROP TABLE due_work;
        ALTER TABLE due_work_next RENAME TO due_work;
        CREATE INDEX due_work_by_due ON due_work (due_at);
        """,

        // issue 13: alert group entries. Each alert of a group is a row of its own, so that a processing round writes the alerts
        // that changed instead of the group's whole state. One group's entries are one range of the primary key (read in one
        // index walk); WITHOUT ROWID stores each entry once, in that key's b-tree, with no rowid table beside it to update.
        // Groups saved before this migration keep their alerts inside alert_groups.state (the intake reads that format and
        // writes every alert as an entry on the group's next save), so no row moves here.
        """
        CREATE TABLE alert_group_entries (
            tenant TEXT NOT NULL,
            group_key TEXT NOT NULL,
            alert_key TEXT NOT NULL,
            entry TEXT NOT NULL,
            PRIMARY KEY (tenant, group_key, alert_key)
        ) WITHOUT ROWID;
        """,
    ];

    internal static int Latest => Migrations.Length;

    // Runs on the writer connection before its first use. journal_mode=WAL is stored in the file; the other pragmas are per
    // connection and set by the caller.
    internal static void Migrate(SqliteConnection connection, Instant now)
    {
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);");
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version;";
            var current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (current > Latest)
            {
                throw new InvalidOperationException(
                    $"The SQLite database is at schema version {current}, newer than this IncidentKit.Sqlite ({Latest}); upgrade the library.");
            }

            for (var version = current + 1; version <= Latest; version++)
            {
                Execute(connection, Migrations[version - 1]);
                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, $at);";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$at", InstantPattern.ExtendedIso.Format(now));
                record.ExecuteNonQuery();
            }

            Execute(connection, "COMMIT;");
        }
        catch
        {
            // SQLite may have rolled back already (disk full, I/O error); never let the rollback hide the real error.
            try
            {
                Execute(connection, "ROLLBACK;");
            }
            catch (SqliteException)
            {
            }

            throw;
        }
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
