using System.Globalization;
using System.Text;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Npgsql;
using NpgsqlTypes;

namespace IncidentKit.PostgreSql;

// The append: one statement, so one round trip and one (implicit) transaction, committed before the answer comes back. Its
// data-modifying CTEs move the stream (insert it at version 0, or update it only at the expected version) and write the events,
// the due plan, the outbox and the notification only when that move happened: a stream elsewhere writes nothing, and any failure
// rolls the whole statement back. The events' hash chain is computed here from the head: the hash of the event at the expected
// version, kept from this process's last append or read of the stream (StreamHeadCache), else read first (one more round trip).
// The stored event at a version never changes, so a head read before the statement is the head the statement appends to
// whenever its conditional move succeeds.
public sealed partial class PostgreSqlIncidentStore
{
    private readonly StreamHeadCache _heads = new();

    // One statement text per shape: (new stream, due planned, outbox present, notification sent); built once, on first use.
    private readonly string?[] _appendSql = new string?[16];

    /// <inheritdoc />
    /// <remarks>One statement, committed in one transaction with the appends of other callers waiting at the same time (group
    /// commit); either everything the change holds is stored, or nothing, and another caller's failing append never fails this one.</remarks>
    /// <exception cref="NpgsqlException">The database failed or the connection broke; the statement was rolled back, so the
    /// change was either not stored at all or (if the failure hit the commit's acknowledgement) stored whole: repeat it.</exception>
    public async ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckChange(change);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var expected = change.ExpectedVersion.Value;
        var head = expected == 0 ? EventChain.GenesisHash.ToArray()
            : _heads.Find(change.Tenant, change.Incident, expected) ?? await ReadHeadAsync(change, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            // No event at the expected version: the stream is not there (or not yet that far), so this is a conflict or a repeat.
            return await NotAppendedAsync(change, cancellationToken).ConfigureAwait(false);
        }

        var json = new string[change.Events.Count];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = IncidentEventSerializer.Serialize(change.Events[i]);
        }

        var links = EventChain.Link(change.Tenant, change.Incident, expected, head, json);
        bool appended;
        try
        {
            appended = await WriteGroupedAsync(
                new PendingWrite<bool>(StreamsTable, change.Tenant.Value, change.Incident.Value, null, 1 + json.Length + change.Outbox.Count, () => AppendCommand(change, json, links), ReadAnyRow), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            var (actual, repeat) = await CheckRepeatAsync(change, cancellationToken).ConfigureAwait(false);
            return repeat
                ? new AppendResult(actual, WasDuplicate: true)
                : throw new ArgumentException($"The change repeats an event or outbox message id stored already (a change is either wholly new or a repeat): {e.MessageText} ({e.ConstraintName})", nameof(change), e);
        }

        if (!appended)
        {
            return await NotAppendedAsync(change, cancellationToken).ConfigureAwait(false);
        }

        _heads.Remember(change.Tenant, change.Incident, change.Summary.Version, links[^1].Hash);
        return new AppendResult(change.Summary.Version, WasDuplicate: false);
    }

    // The stream was not at the expected version: an idempotent repeat of a stored change, or a conflict.
    private async Task<AppendResult> NotAppendedAsync(IncidentChange change, CancellationToken cancellationToken)
    {
        var (actual, repeat) = await CheckRepeatAsync(change, cancellationToken).ConfigureAwait(false);
        return repeat
            ? new AppendResult(actual, WasDuplicate: true)
            : throw new IncidentConcurrencyException(change.Tenant, change.Incident, change.ExpectedVersion, actual);
    }

    // The hash of the stored event at the expected version; the chain computed over the stream when that event predates the
    // chain; null when there is no event at that version.
    private async Task<byte[]?> ReadHeadAsync(IncidentChange change, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"SELECT hash FROM {_schema}.events WHERE tenant = @tenant AND incident = @incident AND version = @expected;");
        command.Parameters.AddWithValue("tenant", change.Tenant.Value);
        command.Parameters.AddWithValue("incident", change.Incident.Value);
        command.Parameters.AddWithValue("expected", change.ExpectedVersion.Value);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) switch
        {
            null => null,
            byte[] { Length: EventChain.HashLength } hash => hash,
            _ => await PreChainHeadAsync(change, cancellationToken).ConfigureAwait(false),
        };
    }

    // The append's statement with its parameters; new parameter objects on every call, so that a change written again alone after
    // its group failed gets its own.
    private NpgsqlBatchCommand AppendCommand(IncidentChange change, string[] json, IReadOnlyList<(byte[] Previous, byte[] Hash)> links)
    {
        var summary = change.Summary;
        var payload = _notifyChannel is not null && _notifyPayload!(change) is { Length: > 0 } p && Encoding.UTF8.GetByteCount(p) < MaxNotifyBytes ? p : null;
        var isNew = change.ExpectedVersion == ExpectedVersion.NoIncident;
        var command = new NpgsqlBatchCommand(AppendSql(isNew, change.NextDue is not null, change.Outbox.Count > 0, payload is not null));
        var parameters = command.Parameters;
        parameters.AddWithValue("tenant", change.Tenant.Value);
        parameters.AddWithValue("incident", change.Incident.Value);
        parameters.AddWithValue("expected", change.ExpectedVersion.Value);
        parameters.AddWithValue("version", summary.Version);
        parameters.AddWithValue("state", (int)summary.State);
        parameters.AddWithValue("priority", summary.Priority.Level);
        parameters.Add(new NpgsqlParameter<string?>("assignee", NpgsqlDbType.Text) { TypedValue = summary.Assignee?.Value });
        parameters.Add(new NpgsqlParameter<string?>("category", NpgsqlDbType.Text) { TypedValue = summary.Category is { } c ? StoreContract.CategoryKey(c) : null });
        parameters.AddWithValue("openedAt", summary.OpenedAt.ToUnixTimeTicks());
        parameters.AddWithValue("summary", IncidentSummarySerializer.Serialize(summary));
        parameters.AddWithValue("settledAt", IncidentActivity.SettledAt(summary)?.ToUnixTimeTicks() ?? long.MaxValue);

        var ids = new Guid[json.Length];
        var previous = new byte[json.Length][];
        var hashes = new byte[json.Length][];
        for (var i = 0; i < json.Length; i++)
        {
            ids[i] = change.Events[i].EventId;
            (previous[i], hashes[i]) = links[i];
        }

        parameters.AddWithValue("ids", ids);
        parameters.AddWithValue("data", json);
        parameters.AddWithValue("prevHashes", previous);
        parameters.AddWithValue("hashes", hashes);
        if (change.NextDue is { } due)
        {
            AddDue(parameters, due);
        }

        if (change.Outbox.Count > 0)
        {
            parameters.AddWithValue("outboxIds", change.Outbox.Select(m => m.Id).ToArray());
            parameters.AddWithValue("kinds", change.Outbox.Select(m => m.Kind).ToArray());
            parameters.AddWithValue("payloads", change.Outbox.Select(m => m.Payload).ToArray());
            parameters.AddWithValue("keys", change.Outbox.Select(m => m.IdempotencyKey).ToArray());
            parameters.AddWithValue("created", change.Outbox.Select(m => Utc(m.CreatedAt)).ToArray());
        }

        if (payload is not null)
        {
            parameters.AddWithValue("channel", _notifyChannel!);
            parameters.AddWithValue("payload", payload);
        }

        return command;
    }

    private string AppendSql(bool isNew, bool planDue, bool outbox, bool notify)
    {
        var shape = (isNew ? 1 : 0) | (planDue ? 2 : 0) | (outbox ? 4 : 0) | (notify ? 8 : 0);
        return _appendSql[shape] ??= BuildAppendSql(isNew, planDue, outbox, notify);
    }

    // A re-plan of due work to another instant or kind drops the lease, so that the old holder's completion is refused and the
    // new plan survives (as PlanDueSql does). The final SELECT returns a row only when the stream moved; pg_notify there is sent
    // by PostgreSQL at commit, and never for a statement that rolled back.
    private string BuildAppendSql(bool isNew, bool planDue, bool outbox, bool notify)
    {
        var s = _schema;
        var sql = new StringBuilder("WITH moved AS (");
        sql.Append(isNew
            ? $"""
              INSERT INTO {s}.streams (tenant, incident, version, state, priority, assignee, category_key, opened_at, summary, settled_at)
              VALUES (@tenant, @incident, @version, @state, @priority, @assignee, @category, @openedAt, @summary::jsonb, @settledAt)
              ON CONFLICT (tenant, incident) DO NOTHING RETURNING 1
              """
            : $"""
              UPDATE {s}.streams SET version = @version, state = @state, priority = @priority, assignee = @assignee,
                  category_key = @category, opened_at = @openedAt, summary = @summary::jsonb, settled_at = @settledAt
              WHERE tenant = @tenant AND incident = @incident AND version = @expected RETURNING 1
              """);
        sql.Append(CultureInfo.InvariantCulture, $"""
            ),
            chained AS (
                INSERT INTO {s}.events (tenant, incident, version, event_id, data, prev_hash, hash)
                SELECT @tenant, @incident, @expected + e.n, e.id, e.data::jsonb, e.prev_hash, e.hash
                FROM unnest(@ids, @data, @prevHashes, @hashes) WITH ORDINALITY AS e(id, data, prev_hash, hash, n)
                WHERE EXISTS (SELECT FROM moved)
            ),
            planned AS (
            """);
        sql.Append(planDue
            ? $"""
              INSERT INTO {s}.due_work AS d (tenant, incident, due_at, due_ticks, kind)
              SELECT @tenant, @incident, @dueAt, @dueTicks, @kind WHERE EXISTS (SELECT FROM moved)
              {ReplanDue}
              """
            : $"DELETE FROM {s}.due_work WHERE tenant = @tenant AND incident = @incident AND EXISTS (SELECT FROM moved)");
        sql.Append(')');
        if (outbox)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""
                ,
                queued AS (
                    INSERT INTO {s}.outbox (id, tenant, incident, kind, payload, idempotency_key, created_at, next_attempt_at)
                    SELECT m.id, @tenant, @incident, m.kind, m.payload::json, m.key, m.created, m.created
                    FROM unnest(@outboxIds, @kinds, @payloads, @keys, @created) AS m(id, kind, payload, key, created)
                    WHERE EXISTS (SELECT FROM moved)
                )
                """);
        }

        sql.Append(notify ? "\nSELECT 1, pg_notify(@channel, @payload) FROM moved;" : "\nSELECT 1 FROM moved;");
        return sql.ToString();
    }

    // The stream's version, and whether every event id of the change is already in it (an idempotent repeat).
    private async Task<(long Actual, bool Repeat)> CheckRepeatAsync(IncidentChange change, CancellationToken cancellationToken)
    {
        using var check = _dataSource.CreateCommand($"""
            SELECT coalesce((SELECT version FROM {_schema}.streams WHERE tenant = @tenant AND incident = @incident), 0),
                   (SELECT count(*) FROM {_schema}.events WHERE tenant = @tenant AND incident = @incident AND event_id = ANY(@ids));
            """);
        check.Parameters.AddWithValue("tenant", change.Tenant.Value);
        check.Parameters.AddWithValue("incident", change.Incident.Value);
        check.Parameters.AddWithValue("ids", change.Events.Select(e => e.EventId).ToArray());
        var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1) == change.Events.Count);
    }
}
