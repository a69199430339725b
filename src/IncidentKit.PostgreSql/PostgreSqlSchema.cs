using Npgsql;

namespace IncidentKit.PostgreSql;

// The schema, created and migrated by the library: ordered migrations, each applied once and recorded in schema_version, all
// under a transaction-level advisory lock (pg_advisory_xact_lock). A session-level lock would outlive Close() on a pooled
// connection; the transaction-level one is released by COMMIT or ROLLBACK whatever happens. Never edit a shipped migration;
// append a new one. "{s}" stands for the configured schema. The lease tables leave room in each page (fillfactor 70) so that
// claiming, which changes only unindexed lease columns, can update rows in place (HOT) instead of growing every index.
internal static class PostgreSqlSchema
{
    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE {s}.streams (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            state integer NOT NULL,
            priority integer NOT NULL,
            assignee text,
            category_key text,
            opened_at bigint NOT NULL,
            summary jsonb NOT NULL,
            PRIMARY KEY (tenant, incident)
        );
        CREATE INDEX streams_by_opening ON {s}.streams (tenant, opened_at, incident);

        CREATE TABLE {s}.events (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            event_id uuid NOT NULL,
            data jsonb NOT NULL,
            CONSTRAINT events_stream_version_key PRIMARY KEY (tenant, incident, version),
            CONSTRAINT events_event_id_key UNIQUE (event_id),
            FOREIGN KEY (tenant, incident) REFERENCES {s}.streams (tenant, incident)
        );

        CREATE TABLE {s}.due_work (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            due_at timestamptz NOT NULL,
            kind integer NOT NULL,
            lease_owner text,
            lease_token bigint,
            lease_expires timestamptz,
            PRIMARY KEY (tenant, incident),
            FOREIGN KEY (tenant, incident) REFERENCES {s}.streams (tenant, incident)
        ) WITH (fillfactor = 70);
        CREATE INDEX due_work_by_due ON {s}.due_work (due_at);
        CREATE SEQUENCE {s}.lease_tokens;

        CREATE TABLE {s}.outbox (
            id uuid PRIMARY KEY,
            tenant text NOT NULL,
            incident uuid NOT NULL,
            kind text NOT NULL,
            payload json NOT NULL,
            idempotency_key text NOT NULL,
            created_at timestamptz NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL,
            last_error text,
            lease_owner text,
            lease_token bigint,
            lease_expires timestamptz,
            FOREIGN KEY (tenant, incident) REFERENCES {s}.streams (tenant, incident)
        ) WITH (fillfactor = 70);
        CREATE INDEX outbox_by_attempt ON {s}.outbox (next_attempt_at);
        CREATE INDEX outbox_by_tenant ON {s}.outbox (tenant, created_at, id);
        """,

        // 2: timestamptz keeps microseconds, but a due instant must come back to the tick: the worker acts at the claimed
        // due instant, and an instant a fraction of a microsecond early finds nothing due. Keep the exact ticks beside it.
        """
        ALTER TABLE {s}.due_work ADD COLUMN due_ticks bigint;
        UPDATE {s}.due_work SET due_ticks = (extract(epoch FROM due_at) * 10000000)::bigint;
        ALTER TABLE {s}.due_work ALTER COLUMN due_ticks SET NOT NULL;
        """,

        // 3: tamper-evident timeline (EventChain): each event carries its predecessor's hash and its own. Rows stored before this
        // migration keep NULL in both (pre-chain events); the first append after it links to the chain computed over them.
        """
        ALTER TABLE {s}.events ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;
        """,

        // 4: delivery log (issue 15 §3): each incident's delivery outcomes beside its stream, not as events, so that recording a
        // send never contends with the people working the incident. Keyed per tenant and incident; the id derives from the fact.
        """
        CREATE TABLE {s}.deliveries (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            id uuid NOT NULL,
            at_ticks bigint NOT NULL,
            channel text NOT NULL,
            idempotency_key text NOT NULL,
            attempt integer NOT NULL CHECK (attempt > 0),
            delivered boolean NOT NULL,
            reason text,
            will_retry boolean NOT NULL,
            PRIMARY KEY (tenant, incident, id),
            FOREIGN KEY (tenant, incident) REFERENCES {s}.streams (tenant, incident)
        );
        """,

        // 5, shared state (issue 15 §4): subscriptions, on-call adjustments, the delivery ledger, throttling windows and the
        // outbox's dead letters, so that they survive a restart and every node sees the same. Ledger and throttle instants are
        // the dispatchers' own, kept as exact ticks.
        """
        CREATE TABLE {s}.subscriptions (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant text NOT NULL,
            subscriber text NOT NULL,
            target_kind integer NOT NULL,
            target_key text NOT NULL,
            target_value text NOT NULL,
            audience integer NOT NULL,
            channels text NOT NULL,
            UNIQUE (tenant, subscriber, target_key)
        );
        CREATE INDEX subscriptions_by_target ON {s}.subscriptions (tenant, target_kind, target_value);

        CREATE TABLE {s}.oncall_adjustments (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            schedule text NOT NULL,
            ends_ticks bigint NOT NULL,
            data text NOT NULL
        );

        CREATE TABLE {s}.delivery_ledger (
            channel text NOT NULL,
            idempotency_key text NOT NULL,
            delivered boolean NOT NULL DEFAULT false,
            held_until bigint,
            failures integer NOT NULL DEFAULT 0,
            touched_at bigint NOT NULL,
            PRIMARY KEY (channel, idempotency_key)
        ) WITH (fillfactor = 70);
        CREATE INDEX delivery_ledger_by_touch ON {s}.delivery_ledger (touched_at);

        CREATE TABLE {s}.notification_throttle (
            tenant text NOT NULL,
            channel text NOT NULL,
            recipients text NOT NULL,
            window_start bigint NOT NULL,
            window_end bigint NOT NULL,
            PRIMARY KEY (tenant, channel, recipients)
        ) WITH (fillfactor = 70);
        CREATE INDEX notification_throttle_by_end ON {s}.notification_throttle (window_end);

        CREATE TABLE {s}.outbox_dead_letters (
            id uuid PRIMARY KEY,
            tenant text NOT NULL,
            incident uuid NOT NULL,
            kind text NOT NULL,
            payload json NOT NULL,
            idempotency_key text NOT NULL,
            created_at timestamptz NOT NULL,
            attempts integer NOT NULL,
            reason text NOT NULL,
            dead_at timestamptz NOT NULL,
            FOREIGN KEY (tenant, incident) REFERENCES {s}.streams (tenant, incident)
        );
        CREATE INDEX outbox_dead_letters_by_tenant ON {s}.outbox_dead_letters (tenant, dead_at, id);
        """,

        // 6: alert intake (issue 13): the inbox of received reports, alert group state and hashed integration keys. Instants
        // the intake compares are kept as exact ticks; lease expiry uses the database clock like the other lease tables.
        """
        CREATE TABLE {s}.alert_inbox (
            id uuid NOT NULL PRIMARY KEY,
            tenant text NOT NULL,
            dedup_key text NOT NULL,
            alert jsonb NOT NULL,
            received_ticks bigint NOT NULL,
            occurrences bigint NOT NULL,
            last_seen_ticks bigint NOT NULL,
            processed boolean NOT NULL DEFAULT false,
            lease_owner text,
            lease_token bigint,
            lease_expires timestamptz,
            UNIQUE (tenant, dedup_key)
        ) WITH (fillfactor = 70);
        CREATE INDEX alert_inbox_pending ON {s}.alert_inbox (received_ticks, id) WHERE NOT processed;
        CREATE INDEX alert_inbox_by_tenant ON {s}.alert_inbox (tenant, received_ticks, id);

        CREATE TABLE {s}.alert_groups (
            tenant text NOT NULL,
            group_key text NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            state jsonb NOT NULL,
            next_check_ticks bigint,
            PRIMARY KEY (tenant, group_key)
        );
        CREATE INDEX alert_groups_by_check ON {s}.alert_groups (next_check_ticks) WHERE next_check_ticks IS NOT NULL;

        CREATE TABLE {s}.integration_keys (
            key_hash text NOT NULL PRIMARY KEY,
            tenant text NOT NULL,
            integration text NOT NULL
        );
        """,

        // Reporting (issue 11 §1): when each incident settled (its last resolution, else its cancellation) in Unix ticks, and
        // bigint's maximum while it is open, indexed per tenant so that the incidents active in a report's period are one range
        // of the index (PostgreSqlIncidentStore.Activity.cs). Rows stored before this migration are backfilled from their summary,
        // rounded up to the next microsecond: a later settled instant can only widen a period's answer, never drop an incident.
        """
        ALTER TABLE {s}.streams ADD COLUMN settled_at bigint NOT NULL DEFAULT 9223372036854775807;
        UPDATE {s}.streams
            SET settled_at = ceil(extract(epoch FROM (coalesce(summary->>'resolvedAt', summary->>'closedAt'))::timestamptz) * 1000000)::bigint * 10 + 10
            WHERE coalesce(summary->>'resolvedAt', summary->>'closedAt') IS NOT NULL;
        CREATE INDEX streams_by_settling ON {s}.streams (tenant, settled_at, incident) INCLUDE (opened_at);
        """,

        // Maintenance windows (issue 13): durable silences per tenant and their audit trail (created, expired, deleted).
        """
        CREATE TABLE {s}.maintenance_windows (
            tenant text NOT NULL,
            id text NOT NULL,
            definition text NOT NULL,
            created_ticks bigint NOT NULL,
            expired_ticks bigint,
            PRIMARY KEY (tenant, id)
        );

        CREATE TABLE {s}.maintenance_window_audit (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant text NOT NULL,
            window_id text NOT NULL,
            change integer NOT NULL,
            at_ticks bigint NOT NULL,
            actor text NOT NULL,
            reason text NOT NULL
        );
        CREATE INDEX maintenance_window_audit_by_tenant ON {s}.maintenance_window_audit (tenant, seq);
        """,

        // Post-incident reviews and problems (issue 11 §2-§3): a review per incident with its action items listed beside it, the
        // reminders its items and due date need (claimed under leases by the database clock, like due work; the exact due instant
        // kept as ticks), and problem records; all keyed per tenant.
        """
        CREATE TABLE {s}.reviews (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            data jsonb NOT NULL,
            PRIMARY KEY (tenant, incident),
            FOREIGN KEY (tenant, incident) REFERENCES {s}.streams (tenant, incident)
        );

        CREATE TABLE {s}.review_action_items (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            item uuid NOT NULL,
            owner text NOT NULL,
            pending boolean NOT NULL,
            due_ticks bigint NOT NULL,
            data jsonb NOT NULL,
            PRIMARY KEY (tenant, incident, item),
            FOREIGN KEY (tenant, incident) REFERENCES {s}.reviews (tenant, incident)
        );
        CREATE INDEX review_action_items_by_due ON {s}.review_action_items (tenant, due_ticks, item);

        CREATE TABLE {s}.review_reminders (
            tenant text NOT NULL,
            incident uuid NOT NULL,
            subject text NOT NULL,
            kind integer NOT NULL,
            recipient text NOT NULL,
            due_at timestamptz NOT NULL,
            due_ticks bigint NOT NULL,
            title text NOT NULL,
            priority integer NOT NULL,
            sent boolean NOT NULL DEFAULT false,
            lease_owner text,
            lease_token bigint,
            lease_expires timestamptz,
            PRIMARY KEY (tenant, incident, subject),
            FOREIGN KEY (tenant, incident) REFERENCES {s}.reviews (tenant, incident)
        ) WITH (fillfactor = 70);
        CREATE INDEX review_reminders_by_due ON {s}.review_reminders (due_at) WHERE NOT sent;

        CREATE TABLE {s}.problems (
            tenant text NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            state text NOT NULL,
            changed_ticks bigint NOT NULL,
            data jsonb NOT NULL,
            PRIMARY KEY (tenant, id)
        );
        CREATE INDEX problems_by_change ON {s}.problems (tenant, changed_ticks);
        """,

        // Heartbeat checks as due work (issue 13 §1): a check belongs to no incident (IDueCheckStore: its key is a name-based id
        // no stream has), so due_work loses its foreign key to streams, whatever the constraint was named.
        """
        DO $$
        DECLARE fk text;
        BEGIN
            FOR fk IN SELECT conname FROM pg_constraint
                      WHERE conrelid = '{s}.due_work'::regclass AND contype = 'f'
            LOOP
                EXECUTE format('ALTER TABLE {s}.due_work DROP CONSTRAINT %I', fk);
            END LOOP;
        END $$;
        """,

        // Alert storm on PostgreSQL (issue 13 §6): a group's state is text, not jsonb. No statement looks inside it, and a storm
        // saves every group's whole state (an entry per alert: hundreds of kilobytes) once per processing round, so parsing it
        // into jsonb on every save and printing it back on every read was most of the database's CPU per alert; an alias record's
        // state (the key of a group, not JSON) could not be stored at all. lz4 compresses the out-of-line value several times
        // faster than the default pglz, where the server has it (PostgreSQL 14 built with lz4); elsewhere the default stays.
        """
        ALTER TABLE {s}.alert_groups ALTER COLUMN state TYPE text USING state::text;
        DO $$
        BEGIN
            EXECUTE 'ALTER TABLE {s}.alert_groups ALTER COLUMN state SET COMPRESSION lz4';
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END $$;
        """,

        // issue 13: alert group entries. Each alert of a group is a row of its own, so that a processing round writes the alerts
        // it changed (tens to hundreds of rows of a few hundred bytes) instead of the group's whole state (hundreds of kilobytes
        // at 2 000 alerts), and a group's entries are one range of the primary key. Keys compare byte-wise (COLLATE "C"): no
        // statement needs a language's order, and the upsert's and the read's index walks compare faster than under a locale.
        // No foreign key to alert_groups: an entry is only ever written by the statement that moved its group's version (groups
        // are never deleted), and a key check per entry would cost a lookup and a row lock per alert. Room in each page
        // (fillfactor 80) lets a changed entry's new version stay on its page (HOT) without a new index entry. Groups saved
        // before this migration keep their alerts inside `state`; the intake reads that and writes them as entries on its next
        // save, so nothing is converted here.
        """
        CREATE TABLE {s}.alert_group_entries (
            tenant text COLLATE "C" NOT NULL,
            group_key text COLLATE "C" NOT NULL,
            alert_key text COLLATE "C" NOT NULL,
            entry text NOT NULL,
            PRIMARY KEY (tenant, group_key, alert_key)
        ) WITH (fillfactor = 80);
        """,
    ];

    internal static int Latest => Migrations.Length;

    internal static Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken) =>
        MigrateAsync(dataSource, schema, Latest, cancellationToken);

    // Brings the schema up to `target` (Latest but in the tests, which build a database as an older library left it).
    internal static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, int target, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock(hashtextextended('incidentkit.migrate.{schema}', 0));", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken).ConfigureAwait(false);
                int current;
                using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version;", connection))
                {
                    current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                if (current > Latest)
                {
                    throw new InvalidOperationException(
                        $"The PostgreSQL schema '{schema}' is at version {current}, newer than this IncidentKit.PostgreSql ({Latest}); upgrade the library.");
                }

                for (var version = current + 1; version <= target; version++)
                {
                    await ExecuteAsync(connection, Migrations[version - 1].Replace("{s}", schema, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, $"INSERT INTO {schema}.schema_version (version) VALUES ({version});", cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
