using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace IncidentKit.PostgreSql;

public sealed partial class PostgreSqlIncidentStore
{
    private const string MessageColumns = "id, tenant, incident, kind, payload::text, idempotency_key, created_at";

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<OutboxMessage>> ListOutboxAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"SELECT {MessageColumns} FROM {_schema}.outbox WHERE tenant = @tenant ORDER BY created_at, id LIMIT @max;");
        list.Parameters.AddWithValue("tenant", tenant.Value);
        list.Parameters.AddWithValue("max", maxItems);
        var messages = new List<OutboxMessage>();
        var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(ReadMessage(reader));
        }

        return messages;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was claimed.</exception>
    public async ValueTask<IReadOnlyList<ClaimedOutboxMessage>> ClaimOutboxAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var claim = _dataSource.CreateCommand($"""
            WITH picked AS (
                SELECT id FROM {_schema}.outbox
                WHERE next_attempt_at <= {_now} AND (lease_expires IS NULL OR lease_expires <= {_now})
                ORDER BY next_attempt_at, created_at, id LIMIT @max
                FOR UPDATE SKIP LOCKED),
            token AS (SELECT nextval('{_schema}.lease_tokens') AS value)
            UPDATE {_schema}.outbox o SET lease_owner = @owner, lease_token = token.value, lease_expires = {_now} + @lease, attempts = o.attempts + 1
            FROM picked, token
            WHERE o.id = picked.id
            RETURNING o.id, o.tenant, o.incident, o.kind, o.payload::text, o.idempotency_key, o.created_at,
                      o.attempts, o.last_error, o.lease_token, o.lease_expires, o.next_attempt_at;
            """);
        claim.Parameters.AddWithValue("max", maxItems);
        claim.Parameters.AddWithValue("owner", owner);
        claim.Parameters.AddWithValue("lease", leaseDuration.ToTimeSpan());
        AddNow(claim);
        var claimed = new List<(Instant NextAttempt, ClaimedOutboxMessage Claim)>();
        var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add((ReadInstant(reader, 11), new ClaimedOutboxMessage(
                    ReadMessage(reader), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    new WorkLease(owner, reader.GetInt64(9), ReadInstant(reader, 10)))));
            }
        }

        return [.. claimed.OrderBy(c => c.NextAttempt).ThenBy(c => c.Claim.Message.CreatedAt).ThenBy(c => c.Claim.Message.Id).Select(c => c.Claim)];
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<bool> CompleteOutboxAsync(ClaimedOutboxMessage claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var complete = _dataSource.CreateCommand($"DELETE FROM {_schema}.outbox WHERE id = @id AND tenant = @tenant AND {HeldBy}");
        complete.Parameters.AddWithValue("id", claim.Message.Id);
        complete.Parameters.AddWithValue("tenant", claim.Message.Tenant.Value);
        AddLease(complete, claim.Lease);
        return await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<bool> FailOutboxAsync(ClaimedOutboxMessage claim, Instant retryAt, string? reason, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var fail = _dataSource.CreateCommand($"""
            UPDATE {_schema}.outbox SET next_attempt_at = @retryAt, last_error = @error, lease_owner = NULL, lease_token = NULL, lease_expires = NULL
            WHERE id = @id AND tenant = @tenant AND {HeldBy}
            """);
        fail.Parameters.AddWithValue("id", claim.Message.Id);
        fail.Parameters.AddWithValue("tenant", claim.Message.Tenant.Value);
        fail.Parameters.AddWithValue("retryAt", Utc(retryAt));
        fail.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlDbType.Text) { TypedValue = StoreContract.TrimError(reason) });
        AddLease(fail, claim.Lease);
        return await fail.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static OutboxMessage ReadMessage(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        Tenant = new TenantId(reader.GetString(1)),
        Incident = new IncidentId(reader.GetGuid(2)),
        Kind = reader.GetString(3),
        Payload = reader.GetString(4),
        IdempotencyKey = reader.GetString(5),
        CreatedAt = ReadInstant(reader, 6),
    };
}
