using System.Data.Common;
using IncidentKit.AspNetCore.Sql;
using NodaTime;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers idempotency keys in a SQL database: the one claim/complete protocol behind <see cref="SqliteIdempotencyStore"/>
/// and <see cref="PostgreSqlIdempotencyStore"/>, which differ only in their dialect.</summary>
/// <remarks>The table <c>incidentkit_idempotency</c> is created on first use. Rows: (tenant, key) primary key, the request
/// fingerprint, when claimed, and the answer once complete.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public abstract class SqlIdempotencyStore : IIdempotencyStore
{
    private readonly SqlTable _table;

    private protected SqlIdempotencyStore(SqlDialect dialect) =>
        _table = new SqlTable(dialect, static d => $"""
            {d.CreateGuard(7340022)}
            CREATE TABLE IF NOT EXISTS incidentkit_idempotency (
              tenant TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL, started_at {d.BigInt} NOT NULL,
              status_code INTEGER NULL, content_type TEXT NULL, etag TEXT NULL, location TEXT NULL, body {d.Bytes} NULL,
              PRIMARY KEY (tenant, idem_key));
            """);

    private char Marker => _table.Dialect.Marker;

    /// <inheritdoc />
    public async ValueTask<IdempotencyClaim> TryBeginAsync(TenantId tenant, string key, string requestHash, Instant at, Duration staleAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(requestHash);
        using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var insertSql = _table.Dialect.InsertIgnore("incidentkit_idempotency", "tenant, idem_key, request_hash, started_at", $"{Marker}tenant, {Marker}key, {Marker}hash, {Marker}at");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using (var insert = Command(connection, insertSql, ("tenant", tenant.Value), ("key", key), ("hash", requestHash), ("at", at.ToUnixTimeTicks())))
            {
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return new IdempotencyClaim(IdempotencyOutcome.Begun, requestHash, null);
                }
            }

            long startedAt;
            string hash;
            using (var select = Command(connection, $"SELECT request_hash, started_at, status_code, content_type, etag, location, body FROM incidentkit_idempotency WHERE tenant = {Marker}tenant AND idem_key = {Marker}key",
                ("tenant", tenant.Value), ("key", key)))
            using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    continue; // abandoned between our insert and select: try to claim again
                }

                hash = reader.GetString(0);
                startedAt = reader.GetInt64(1);
                if (!reader.IsDBNull(2))
                {
                    var response = new IdempotentResponse(reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), (byte[])reader.GetValue(6));
                    return new IdempotencyClaim(IdempotencyOutcome.Completed, hash, response);
                }
            }

            if (at - Instant.FromUnixTimeTicks(startedAt) < staleAfter)
            {
                return new IdempotencyClaim(IdempotencyOutcome.InProgress, hash, null);
            }

            // Take over a stale claim only if nobody else did first (compare-and-set on the claim time).
            using var takeOver = Command(connection,
                $"UPDATE incidentkit_idempotency SET started_at = {Marker}at, request_hash = {Marker}hash WHERE tenant = {Marker}tenant AND idem_key = {Marker}key AND started_at = {Marker}old AND status_code IS NULL",
                ("at", at.ToUnixTimeTicks()), ("hash", requestHash), ("tenant", tenant.Value), ("key", key), ("old", startedAt));
            if (await takeOver.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return new IdempotencyClaim(IdempotencyOutcome.Begun, requestHash, null);
            }
        }

        return new IdempotencyClaim(IdempotencyOutcome.InProgress, requestHash, null);
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(TenantId tenant, string key, IdempotentResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var update = Command(connection,
            $"UPDATE incidentkit_idempotency SET status_code = {Marker}status, content_type = {Marker}type, etag = {Marker}etag, location = {Marker}location, body = {Marker}body WHERE tenant = {Marker}tenant AND idem_key = {Marker}key",
            ("status", response.StatusCode), ("type", response.ContentType), ("etag", response.ETag), ("location", response.Location), ("body", response.Body),
            ("tenant", tenant.Value), ("key", key));
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AbandonAsync(TenantId tenant, string key, CancellationToken cancellationToken = default)
    {
        using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var delete = Command(connection,
            $"DELETE FROM incidentkit_idempotency WHERE tenant = {Marker}tenant AND idem_key = {Marker}key AND status_code IS NULL", ("tenant", tenant.Value), ("key", key));
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<DbConnection> ConnectAsync(CancellationToken cancellationToken) => _table.ConnectAsync(cancellationToken);

    private DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) => _table.Command(connection, sql, parameters);
}
