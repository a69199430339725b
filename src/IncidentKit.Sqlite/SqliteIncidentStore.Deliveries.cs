using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

// The delivery log: one row per outcome in its own table beside the stream, written through the group commit like any write.
public sealed partial class SqliteIncidentStore : IDeliveryLog
{
    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> RecordDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(record);
        var added = await WriteAsync<bool?>(connection =>
        {
            using var insert = Command(connection, """
                INSERT INTO deliveries (tenant, incident, id, at, channel, idempotency_key, attempt, delivered, reason, will_retry)
                SELECT $tenant, $incident, $id, $at, $channel, $key, $attempt, $delivered, $reason, $willRetry
                WHERE EXISTS (SELECT 1 FROM streams WHERE tenant = $tenant AND incident = $incident)
                ON CONFLICT (tenant, incident, id) DO NOTHING;
                """);
            insert.Parameters.AddWithValue("$tenant", record.Tenant.Value);
            insert.Parameters.AddWithValue("$incident", Key(record.Incident));
            insert.Parameters.AddWithValue("$id", record.Id.ToString("N"));
            insert.Parameters.AddWithValue("$at", record.At.ToUnixTimeTicks());
            insert.Parameters.AddWithValue("$channel", record.Channel);
            insert.Parameters.AddWithValue("$key", record.IdempotencyKey);
            insert.Parameters.AddWithValue("$attempt", record.Attempt);
            insert.Parameters.AddWithValue("$delivered", record.Delivered ? 1 : 0);
            insert.Parameters.AddWithValue("$reason", (object?)record.Reason ?? DBNull.Value);
            insert.Parameters.AddWithValue("$willRetry", record.WillRetry ? 1 : 0);
            if (insert.ExecuteNonQuery() == 1)
            {
                return true;
            }

            using var exists = Command(connection, "SELECT 1 FROM streams WHERE tenant = $tenant AND incident = $incident;");
            exists.Parameters.AddWithValue("$tenant", record.Tenant.Value);
            exists.Parameters.AddWithValue("$incident", Key(record.Incident));
            return exists.ExecuteScalar() is null ? null : false;
        }, cancellationToken).ConfigureAwait(false);
        return added ?? throw new IncidentNotFoundException(record.Tenant, record.Incident);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    public async ValueTask<IReadOnlyList<DeliveryRecord>> ReadDeliveriesAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var read = Command(connection, """
            SELECT at, channel, idempotency_key, attempt, delivered, reason, will_retry FROM deliveries
            WHERE tenant = $tenant AND incident = $incident
            ORDER BY at, channel, idempotency_key, attempt, delivered;
            """);
        read.Parameters.AddWithValue("$tenant", tenant.Value);
        read.Parameters.AddWithValue("$incident", Key(incident));
        var records = new List<DeliveryRecord>();
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var at = Instant.FromUnixTimeTicks(reader.GetInt64(0));
            records.Add(reader.GetInt64(4) == 1
                ? DeliveryRecord.ForDelivery(tenant, incident, reader.GetString(1), reader.GetString(2), reader.GetInt32(3), at)
                : DeliveryRecord.ForFailure(tenant, incident, reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    reader.IsDBNull(5) ? "unknown" : reader.GetString(5), reader.GetInt64(6) == 1, at));
        }

        return records;
    }
}
