using Ardalis.GuardClauses;
using IncidentKit.Alerts;
using IncidentKit.Storage;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace IncidentKit.PostgreSql;

// The alert intake's inbox, group state and integration keys, in the same database as the incidents. Claims use
// FOR UPDATE SKIP LOCKED, so several nodes take disjoint records; group saves compare-and-set on the version, and write the
// group's changed alert entries (alert_group_entries, a row per alert) in the same statement, only when that matched.
public sealed partial class PostgreSqlIncidentStore
{
    private const string InboxColumns = "id, tenant, alert::text, received_ticks, occurrences, last_seen_ticks, processed";

    // A group's first save and a later one: `saved` returns a row only when the insert or the compare-and-set matched, and the
    // entries are written only then (the EXISTS is evaluated once, before any entry).
    private string? _insertGroupSql;
    private string? _updateGroupSql;

    private string InsertGroupSql => _insertGroupSql ??= GroupSaveSql($"""
        INSERT INTO {_schema}.alert_groups (tenant, group_key, version, state, next_check_ticks) VALUES (@tenant, @key, @version, @state, @next)
        ON CONFLICT DO NOTHING RETURNING 1
        """);

    private string UpdateGroupSql => _updateGroupSql ??= GroupSaveSql($"""
        UPDATE {_schema}.alert_groups SET version = @version, state = @state, next_check_ticks = @next
        WHERE tenant = @tenant AND group_key = @key AND version = @expected RETURNING 1
        """);

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<AlertReceipt> ReceiveAsync(AlertReceived received, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(received);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        // Committed with the other receipts, completions and appends waiting at the same time (group commit, GroupCommit.cs), in
        // the group's one round trip; the row it locks is the one of its (tenant, dedup key).
        var alert = AlertSerializer.Serialize(received.Alert);
        var dedupKey = received.DedupKey;
        return await WriteGroupedAsync(new PendingWrite<AlertReceipt>(InboxTable, received.Tenant.Value, received.Id, dedupKey, 1, () =>
        {
            var upsert = new NpgsqlBatchCommand($"""
                INSERT INTO {_schema}.alert_inbox AS i (id, tenant, dedup_key, alert, received_ticks, occurrences, last_seen_ticks)
                VALUES ($1, $2, $3, $4::jsonb, $5, 1, $5)
                ON CONFLICT (tenant, dedup_key) DO UPDATE SET occurrences = i.occurrences + 1, last_seen_ticks = greatest(i.last_seen_ticks, excluded.last_seen_ticks)
                RETURNING id, occurrences;
                """);
            upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = received.Id });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = received.Tenant.Value });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dedupKey });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = alert });
            upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = received.ReceivedAt.ToUnixTimeTicks() });
            return upsert;
        }, ReadReceipt), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<AlertReceived>> ListReceivedAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 10_000);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"SELECT {InboxColumns} FROM {_schema}.alert_inbox WHERE tenant = @tenant ORDER BY received_ticks, id LIMIT @max;");
        list.Parameters.AddWithValue("tenant", tenant.Value);
        list.Parameters.AddWithValue("max", maxItems);
        return await ReadAllAsync(list, ReadReceived, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was claimed.</exception>
    public async ValueTask<IReadOnlyList<ClaimedAlert>> ClaimReceivedAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var claim = _dataSource.CreateCommand($"""
            WITH picked AS (
                SELECT id FROM {_schema}.alert_inbox
                WHERE NOT processed AND (lease_expires IS NULL OR lease_expires <= {_now})
                ORDER BY received_ticks, id LIMIT @max
                FOR UPDATE SKIP LOCKED),
            token AS (SELECT nextval('{_schema}.lease_tokens') AS value)
            UPDATE {_schema}.alert_inbox i SET lease_owner = @owner, lease_token = token.value, lease_expires = {_now} + @lease
            FROM picked, token
            WHERE i.id = picked.id
            RETURNING i.id, i.tenant, i.alert::text, i.received_ticks, i.occurrences, i.last_seen_ticks, i.processed, i.lease_token, i.lease_expires;
            """);
        claim.Parameters.AddWithValue("max", maxItems);
        claim.Parameters.AddWithValue("owner", owner);
        claim.Parameters.AddWithValue("lease", leaseDuration.ToTimeSpan());
        AddNow(claim);
        var claimed = await ReadAllAsync(claim, r => new ClaimedAlert(ReadReceived(r), new WorkLease(owner, r.GetInt64(7), ReadInstant(r, 8))), cancellationToken)
            .ConfigureAwait(false);
        return [.. claimed.OrderBy(c => c.Received.ReceivedAt).ThenBy(c => c.Received.Id)];
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<bool> CompleteReceivedAsync(ClaimedAlert claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        // Committed with the other completions, receipts and appends waiting at the same time (group commit, GroupCommit.cs).
        return await WriteGroupedAsync(new PendingWrite<bool>(InboxTable, claim.Received.Tenant.Value, claim.Received.Id, null, 1, () =>
        {
            var complete = new NpgsqlBatchCommand(
                $"UPDATE {_schema}.alert_inbox SET processed = true, lease_owner = NULL, lease_token = NULL, lease_expires = NULL WHERE id = @id AND {HeldBy.TrimEnd(';')} RETURNING 1");
            complete.Parameters.AddWithValue("id", claim.Received.Id);
            complete.Parameters.AddWithValue("token", claim.Lease.Token);
            complete.Parameters.AddWithValue("owner", claim.Lease.Owner);
            if (_testClock is not null)
            {
                complete.Parameters.AddWithValue("now", Utc(_testClock.GetCurrentInstant()));
            }

            return complete;
        }, ReadAnyRow), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One statement for all of them (their ids, lease tokens and owners as arrays), committed with the other writes
    /// waiting at the same time: a round's group of records costs one statement and a share of one commit, where completing them
    /// one by one cost a statement and a commit each. Each record is still completed only under its own lease.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="claims"/> or one of its claims is null.</exception>
    /// <exception cref="NpgsqlException">The database failed or the connection broke; no record of this call was completed.</exception>
    public async ValueTask<int> CompleteAllReceivedAsync(IReadOnlyList<ClaimedAlert> claims, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claims);
        if (claims.Count == 0)
        {
            return 0;
        }

        var ids = new Guid[claims.Count];
        var tokens = new long[claims.Count];
        var owners = new string[claims.Count];
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i] ?? throw new ArgumentNullException(nameof(claims), "A claim is null.");
            (ids[i], tokens[i], owners[i]) = (claim.Received.Id, claim.Lease.Token, claim.Lease.Owner);
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var completed = await WriteGroupedAsync(new PendingWrite<long>(InboxTable, claims[0].Received.Tenant.Value, ids.Min(), null, ids.Length, () =>
        {
            var complete = new NpgsqlBatchCommand($"""
                WITH done AS (
                    UPDATE {_schema}.alert_inbox i SET processed = true, lease_owner = NULL, lease_token = NULL, lease_expires = NULL
                    FROM unnest(@ids, @tokens, @owners) AS c(id, token, owner)
                    WHERE i.id = c.id AND i.lease_token = c.token AND i.lease_owner = c.owner AND i.lease_expires > {_now}
                    RETURNING 1)
                SELECT count(*) FROM done
                """);
            complete.Parameters.AddWithValue("ids", ids);
            complete.Parameters.AddWithValue("tokens", tokens);
            complete.Parameters.AddWithValue("owners", owners);
            if (_testClock is not null)
            {
                complete.Parameters.AddWithValue("now", Utc(_testClock.GetCurrentInstant()));
            }

            return complete;
        }, ReadCount), cancellationToken).ConfigureAwait(false);
        return (int)completed;
    }

    /// <inheritdoc />
    /// <remarks>One statement, so one snapshot: the state and every entry as of one version, whatever saves run meanwhile. The
    /// entries are one range of their table's primary key, streamed row by row (no per-entry round trip, no large strings).</remarks>
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<AlertGroupRecord?> FindGroupOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(groupKey);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        // The group's row has a version and no alert key; each entry's row has an alert key and no version.
        using var find = new NpgsqlCommand($"""
            SELECT version, state, next_check_ticks, NULL AS alert_key FROM {_schema}.alert_groups WHERE tenant = @tenant AND group_key = @key
            UNION ALL
            SELECT NULL, entry, NULL, alert_key FROM {_schema}.alert_group_entries WHERE tenant = @tenant AND group_key = @key;
            """);
        find.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        find.Parameters.Add(new NpgsqlParameter<string>("key", groupKey));
        var connection = await OpenPreparedAsync(find, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        AlertGroupRecord? group = null;
        Dictionary<string, string>? entries = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.IsDBNull(3))
            {
                group = new AlertGroupRecord(tenant, groupKey, reader.GetInt64(0), reader.GetString(1),
                    reader.IsDBNull(2) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(2)));
            }
            else
            {
                (entries ??= new Dictionary<string, string>(StringComparer.Ordinal))[reader.GetString(3)] = reader.GetString(1);
            }
        }

        return group is not null && entries is not null ? group with { Entries = entries } : group;
    }

    /// <inheritdoc />
    /// <remarks>Reads the version column only: a processor that kept the state it saved last asks this before every decision on
    /// the group, and a storm's group state holds every alert of the group (hundreds of kilobytes).</remarks>
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<long?> FindGroupVersionOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(groupKey);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var find = new NpgsqlCommand($"SELECT version FROM {_schema}.alert_groups WHERE tenant = @tenant AND group_key = @key;");
        find.Parameters.AddWithValue("tenant", tenant.Value);
        find.Parameters.AddWithValue("key", groupKey);
        var connection = await OpenPreparedAsync(find, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    /// <inheritdoc />
    /// <remarks>One statement, so one transaction: the compare-and-set on the version (or the first insert) returns a row only when
    /// it matched, and the entries are upserted from two arrays (their keys and texts) only when it did. Concurrent savers of one
    /// group wait for each other on its row; the loser's compare-and-set then matches nothing and it writes no entry.</remarks>
    /// <exception cref="ArgumentException">The new version is not one more than the expected one, an entry's key or text is out of
    /// range (<see cref="AlertStoreContract.CheckSave"/>), or the state or an entry holds the character U+0000, which PostgreSQL's
    /// text cannot store; nothing was written.</exception>
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing of this save was written.</exception>
    public async ValueTask<bool> SaveGroupAsync(AlertGroupRecord group, long expectedVersion, CancellationToken cancellationToken = default)
    {
        AlertStoreContract.CheckSave(group, expectedVersion);
        if (group.State.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A group's state cannot hold the character U+0000 in PostgreSQL.", nameof(group));
        }

        var keys = new string[group.Entries.Count];
        var texts = new string[keys.Length];
        var i = 0;
        foreach (var (key, text) in group.Entries)
        {
            if (key.Contains('\0', StringComparison.Ordinal) || text.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"An entry's key and text cannot hold the character U+0000 in PostgreSQL (entry '{(key.Length > 40 ? key[..40] + "…" : key)}').",
                    $"{nameof(group)}.{nameof(group.Entries)}");
            }

            (keys[i], texts[i]) = (key, text);
            i++;
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var save = new NpgsqlCommand(expectedVersion == 0 ? InsertGroupSql : UpdateGroupSql);
        save.Parameters.Add(new NpgsqlParameter<string>("tenant", group.Tenant.Value));
        save.Parameters.Add(new NpgsqlParameter<string>("key", group.GroupKey));
        save.Parameters.Add(new NpgsqlParameter<long>("version", group.Version));
        save.Parameters.Add(new NpgsqlParameter<string>("state", group.State));
        save.Parameters.Add(new NpgsqlParameter<long?>("next", NpgsqlDbType.Bigint) { TypedValue = group.NextCheckAt?.ToUnixTimeTicks() });
        if (expectedVersion != 0)
        {
            save.Parameters.Add(new NpgsqlParameter<long>("expected", expectedVersion));
        }

        save.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys });
        save.Parameters.Add(new NpgsqlParameter<string[]>("texts", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = texts });
        var connection = await OpenPreparedAsync(save, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return await save.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1L;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<AlertGroupRecord>> ListDueGroupsAsync(Instant now, int maxItems, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"""
            SELECT tenant, group_key, version, state, next_check_ticks FROM {_schema}.alert_groups
            WHERE next_check_ticks IS NOT NULL AND next_check_ticks <= @now ORDER BY next_check_ticks LIMIT @max;
            """);
        list.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
        list.Parameters.AddWithValue("max", maxItems);
        return await ReadAllAsync(list, ReadGroup, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask SaveIntegrationKeyAsync(IntegrationKey key, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(key);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var save = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.integration_keys (key_hash, tenant, integration) VALUES (@hash, @tenant, @integration)
            ON CONFLICT (key_hash) DO UPDATE SET tenant = excluded.tenant, integration = excluded.integration;
            """);
        save.Parameters.AddWithValue("hash", key.KeyHash);
        save.Parameters.AddWithValue("tenant", key.Tenant.Value);
        save.Parameters.AddWithValue("integration", key.Integration);
        await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IntegrationKey?> FindIntegrationKeyOrNullAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(keyHash);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var find = _dataSource.CreateCommand($"SELECT tenant, integration FROM {_schema}.integration_keys WHERE key_hash = @hash;");
        find.Parameters.AddWithValue("hash", keyHash);
        var found = await ReadAllAsync(find, r => new IntegrationKey(new TenantId(r.GetString(0)), r.GetString(1), keyHash), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var result = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var scope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(read(reader));
        }

        return result;
    }

    private static AlertReceived ReadReceived(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), new TenantId(reader.GetString(1)), AlertSerializer.Deserialize(reader.GetString(2)), Instant.FromUnixTimeTicks(reader.GetInt64(3)))
        {
            Occurrences = reader.GetInt64(4),
            LastSeenAt = Instant.FromUnixTimeTicks(reader.GetInt64(5)),
            Processed = reader.GetBoolean(6),
        };

    private static async Task<AlertReceipt> ReadReceipt(NpgsqlDataReader reader)
    {
        await reader.ReadAsync().ConfigureAwait(false);
        var occurrences = reader.GetInt64(1);
        return new AlertReceipt(reader.GetGuid(0), occurrences == 1, occurrences);
    }

    private static async Task<long> ReadCount(NpgsqlDataReader reader)
    {
        await reader.ReadAsync().ConfigureAwait(false);
        return reader.GetInt64(0);
    }

    private string GroupSaveSql(string saveState) => $"""
        WITH saved AS ({saveState}),
        written AS (
            INSERT INTO {_schema}.alert_group_entries (tenant, group_key, alert_key, entry)
            SELECT @tenant, @key, e.alert_key, e.entry FROM unnest(@keys, @texts) AS e(alert_key, entry)
            WHERE EXISTS (SELECT FROM saved)
            ON CONFLICT (tenant, group_key, alert_key) DO UPDATE SET entry = excluded.entry)
        SELECT count(*) FROM saved;
        """;

    private static AlertGroupRecord ReadGroup(NpgsqlDataReader reader) =>
        new(new TenantId(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(4)));
}
