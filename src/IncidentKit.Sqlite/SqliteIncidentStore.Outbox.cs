using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

public sealed partial class SqliteIncidentStore
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxMessage>> ListOutboxAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, $"SELECT {MessageColumns} FROM outbox WHERE tenant = $tenant ORDER BY created_at, id LIMIT $max;");
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        list.Parameters.AddWithValue("$max", maxItems);
        var messages = new List<OutboxMessage>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(ReadMessage(reader));
        }

        return messages;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<IReadOnlyList<ClaimedOutboxMessage>> ClaimOutboxAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        return await WriteAsync<IReadOnlyList<ClaimedOutboxMessage>>(connection => Claim(connection, $"""
                UPDATE outbox SET lease_owner = $owner, lease_token = $token, lease_expires = $expires, attempts = attempts + 1
                WHERE rowid IN (
                    SELECT rowid FROM outbox
                    WHERE next_attempt_at <= $now AND (lease_expires IS NULL OR lease_expires <= $now)
                    ORDER BY next_attempt_at, created_at, id LIMIT $max)
                RETURNING {MessageColumns}, attempts, last_error, next_attempt_at;
                """, owner, _clock.GetCurrentInstant(), leaseDuration, maxItems, (reader, lease) => (
                    At: reader.GetInt64(9),
                    Claim: new ClaimedOutboxMessage(ReadMessage(reader), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8), lease)))
                .OrderBy(c => c.At).ThenBy(c => c.Claim.Message.CreatedAt).ThenBy(c => c.Claim.Message.Id.ToString("N"), StringComparer.Ordinal)
                .Select(c => c.Claim).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> CompleteOutboxAsync(ClaimedOutboxMessage claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return await WriteAsync(connection =>
        {
            using var complete = Command(connection, "DELETE FROM outbox WHERE id = $id AND tenant = $tenant AND " + HeldBy);
            complete.Parameters.AddWithValue("$id", claim.Message.Id.ToString("N"));
            complete.Parameters.AddWithValue("$tenant", claim.Message.Tenant.Value);
            AddLease(complete, claim.Lease, _clock.GetCurrentInstant());
            return complete.ExecuteNonQuery() == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> FailOutboxAsync(ClaimedOutboxMessage claim, Instant retryAt, string? reason, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return await WriteAsync(connection =>
        {
            using var fail = Command(connection, """
                UPDATE outbox SET next_attempt_at = $retryAt, last_error = $error, lease_owner = NULL, lease_token = NULL, lease_expires = NULL
                WHERE id = $id AND tenant = $tenant AND
                """ + " " + HeldBy);
            fail.Parameters.AddWithValue("$id", claim.Message.Id.ToString("N"));
            fail.Parameters.AddWithValue("$tenant", claim.Message.Tenant.Value);
            fail.Parameters.AddWithValue("$retryAt", retryAt.ToUnixTimeTicks());
            fail.Parameters.AddWithValue("$error", (object?)StoreContract.TrimError(reason) ?? DBNull.Value);
            AddLease(fail, claim.Lease, _clock.GetCurrentInstant());
            return fail.ExecuteNonQuery() == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    private const string MessageColumns = "id, tenant, incident, kind, payload, idempotency_key, created_at";

    private static OutboxMessage ReadMessage(SqliteDataReader reader) => new()
    {
        Id = Guid.ParseExact(reader.GetString(0), "N"),
        Tenant = new TenantId(reader.GetString(1)),
        Incident = new IncidentId(Guid.ParseExact(reader.GetString(2), "N")),
        Kind = reader.GetString(3),
        Payload = reader.GetString(4),
        IdempotencyKey = reader.GetString(5),
        CreatedAt = Instant.FromUnixTimeTicks(reader.GetInt64(6)),
    };
}
