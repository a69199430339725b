using Ardalis.GuardClauses;
using IncidentKit.Alerts;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

// The alert intake's inbox, group state and integration keys, in the same file and through the same group-committing writer
// as the incidents: a receipt is acknowledged only once its commit is durable.
public sealed partial class SqliteIncidentStore
{
    private const string InboxColumns = "id, tenant, alert, received_at, occurrences, last_seen_at, processed";

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<AlertReceipt> ReceiveAsync(AlertReceived received, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(received);
        var alert = AlertSerializer.Serialize(received.Alert);
        var dedup = received.DedupKey;
        var id = received.Id.ToString("N");
        return await WriteIntakeAsync(_ =>
        {
            // Prepared once on the writer connection: a storm's receipts only bind values.
            var upsert = _statements!.InboxUpsert;
            SqliteWriterStatements.Bind(upsert, id, received.Tenant.Value, dedup, alert, received.ReceivedAt.ToUnixTimeTicks());
            using var reader = upsert.ExecuteReader();
            reader.Read();
            var occurrences = reader.GetInt64(1);
            return new AlertReceipt(Guid.ParseExact(reader.GetString(0), "N"), occurrences == 1, occurrences);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AlertReceived>> ListReceivedAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 10_000);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, $"SELECT {InboxColumns} FROM alert_inbox WHERE tenant = $tenant ORDER BY received_at, id LIMIT $max;");
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        list.Parameters.AddWithValue("$max", maxItems);
        var result = new List<AlertReceived>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadReceived(reader));
        }

        return result;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<IReadOnlyList<ClaimedAlert>> ClaimReceivedAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);

        // Only the rows are read under the write lock; the alerts' JSON is parsed after the commit (a round claims 1 000 records
        // at a time, and parsing them held the lock, and every receipt behind it, for milliseconds).
        var rows = await WriteAsync(connection => Claim(connection, $"""
                UPDATE alert_inbox SET lease_owner = $owner, lease_token = $token, lease_expires = $expires
                WHERE rowid IN (
                    SELECT rowid FROM alert_inbox
                    WHERE processed = 0 AND (lease_expires IS NULL OR lease_expires <= $now)
                    ORDER BY received_at, id LIMIT $max)
                RETURNING {InboxColumns};
                """, owner, _clock.GetCurrentInstant(), leaseDuration, maxItems, (reader, lease) => (Row: InboxRow.Read(reader), Lease: lease)),
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new ClaimedAlert(r.Row.ToReceived(), r.Lease))
            .OrderBy(c => c.Received.ReceivedAt).ThenBy(c => c.Received.Id.ToString("N"), StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> CompleteReceivedAsync(ClaimedAlert claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return await WriteAsync(connection =>
        {
            using var complete = Command(connection,
                "UPDATE alert_inbox SET processed = 1, lease_owner = NULL, lease_token = NULL, lease_expires = NULL WHERE id = $id AND " + HeldBy);
            complete.Parameters.AddWithValue("$id", claim.Received.Id.ToString("N"));
            AddLease(complete, claim.Lease, _clock.GetCurrentInstant());
            return complete.ExecuteNonQuery() == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<int> CompleteAllReceivedAsync(IReadOnlyList<ClaimedAlert> claims, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claims);
        if (claims.Count == 0)
        {
            return 0;
        }

        // One statement per lease (a round's records share few): the ids (32 hex digits each) go in as one JSON array.
        var byLease = claims.Select(c => c ?? throw new ArgumentNullException(nameof(claims), "A claim is null."))
            .GroupBy(c => c.Lease)
            .Select(g => (g.Key, Ids: "[\"" + string.Join("\",\"", g.Select(c => c.Received.Id.ToString("N"))) + "\"]"))
            .ToList();
        return await WriteAsync(connection =>
        {
            var completed = 0;
            using var complete = Command(connection,
                "UPDATE alert_inbox SET processed = 1, lease_owner = NULL, lease_token = NULL, lease_expires = NULL WHERE id IN (SELECT value FROM json_each($ids)) AND " + HeldBy);
            var ids = complete.Parameters.Add("$ids", SqliteType.Text);
            AddLease(complete, default, _clock.GetCurrentInstant());
            foreach (var (lease, json) in byLease)
            {
                ids.Value = json;
                complete.Parameters["$token"].Value = lease.Token;
                complete.Parameters["$owner"].Value = lease.Owner;
                completed += complete.ExecuteNonQuery();
            }

            return completed;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<AlertGroupRecord?> FindGroupOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(groupKey);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return SqliteGroupReader.Read(connection, tenant, groupKey);
    }

    /// <inheritdoc />
    public async ValueTask<long?> FindGroupVersionOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(groupKey);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var find = Command(connection, "SELECT version FROM alert_groups WHERE tenant = $tenant AND group_key = $key;");
        find.Parameters.AddWithValue("$tenant", tenant.Value);
        find.Parameters.AddWithValue("$key", groupKey);
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> SaveGroupAsync(AlertGroupRecord group, long expectedVersion, CancellationToken cancellationToken = default)
    {
        AlertStoreContract.CheckSave(group, expectedVersion);

        // Sorted before the write lock is taken: upserts in key order walk the group's range of the b-tree forward, page by page.
        KeyValuePair<string, string>[] entries = [.. group.Entries];
        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return await WriteAsync(_ => SaveGroup(_statements!, group, expectedVersion, entries), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AlertGroupRecord>> ListDueGroupsAsync(Instant now, int maxItems, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, """
            SELECT tenant, group_key, version, state, next_check_at FROM alert_groups
            WHERE next_check_at IS NOT NULL AND next_check_at <= $now ORDER BY next_check_at LIMIT $max;
            """);
        list.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
        list.Parameters.AddWithValue("$max", maxItems);
        var result = new List<AlertGroupRecord>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadGroup(reader));
        }

        return result;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask SaveIntegrationKeyAsync(IntegrationKey key, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(key);
        await WriteAsync(connection =>
        {
            using var save = Command(connection, """
                INSERT INTO integration_keys (key_hash, tenant, integration) VALUES ($hash, $tenant, $integration)
                ON CONFLICT (key_hash) DO UPDATE SET tenant = excluded.tenant, integration = excluded.integration;
                """);
            save.Parameters.AddWithValue("$hash", key.KeyHash);
            save.Parameters.AddWithValue("$tenant", key.Tenant.Value);
            save.Parameters.AddWithValue("$integration", key.Integration);
            return save.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IntegrationKey?> FindIntegrationKeyOrNullAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(keyHash);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var find = Command(connection, "SELECT tenant, integration FROM integration_keys WHERE key_hash = $hash;");
        find.Parameters.AddWithValue("$hash", keyHash);
        using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new IntegrationKey(new TenantId(reader.GetString(0)), reader.GetString(1), keyHash)
            : null;
    }

    private static AlertReceived ReadReceived(SqliteDataReader reader) => InboxRow.Read(reader).ToReceived();

    // An inbox row as stored (the alert still JSON), read in the order of InboxColumns.
    private readonly record struct InboxRow(string Id, string Tenant, string Alert, long ReceivedAt, long Occurrences, long LastSeenAt, bool Processed)
    {
        public static InboxRow Read(SqliteDataReader reader) =>
            new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6) != 0);

        public AlertReceived ToReceived() =>
            new(Guid.ParseExact(Id, "N"), new TenantId(Tenant), AlertSerializer.Deserialize(Alert), Instant.FromUnixTimeTicks(ReceivedAt))
            {
                Occurrences = Occurrences,
                LastSeenAt = Instant.FromUnixTimeTicks(LastSeenAt),
                Processed = Processed,
            };
    }

    // Runs inside the group transaction, in the savepoint of this write: the entries are written only when the compare-and-set
    // matched, and a failure part-way rolls the savepoint back, state and entries together. Statements prepared once on the
    // writer connection, so a round's hundreds of entries only bind values (SqliteEntryUpsert).
    private static bool SaveGroup(SqliteWriterStatements sql, AlertGroupRecord group, long expectedVersion, KeyValuePair<string, string>[] entries)
    {
        var tenant = group.Tenant.Value;
        object next = group.NextCheckAt is { } at ? at.ToUnixTimeTicks() : DBNull.Value;
        var save = expectedVersion == 0 ? sql.GroupInsert : sql.GroupUpdate;
        if (expectedVersion == 0)
        {
            SqliteWriterStatements.Bind(save, tenant, group.GroupKey, group.Version, group.State, next);
        }
        else
        {
            SqliteWriterStatements.Bind(save, tenant, group.GroupKey, group.Version, group.State, next, expectedVersion);
        }

        if (save.ExecuteNonQuery() != 1)
        {
            return false;
        }

        sql.EntryUpsert.BindGroup(tenant, group.GroupKey);
        foreach (var (key, entry) in entries)
        {
            sql.EntryUpsert.Run(key, entry);
        }

        return true;
    }

    private static AlertGroupRecord ReadGroup(SqliteDataReader reader) =>
        new(new TenantId(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(4)));
}
