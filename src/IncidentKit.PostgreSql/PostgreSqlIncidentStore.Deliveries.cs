using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace IncidentKit.PostgreSql;

// The delivery log: one row per outcome in its own table beside the stream, written in one statement.
public sealed partial class PostgreSqlIncidentStore : IDeliveryLog
{
    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<bool> RecordDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(record);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // One statement: the insert (only for an incident of this tenant) and whether the incident exists, in one snapshot.
        using var insert = _dataSource.CreateCommand($"""
            WITH added AS (
                INSERT INTO {_schema}.deliveries (tenant, incident, id, at_ticks, channel, idempotency_key, attempt, delivered, reason, will_retry)
                SELECT @tenant, @incident, @id, @at, @channel, @key, @attempt, @delivered, @reason, @willRetry
                WHERE EXISTS (SELECT 1 FROM {_schema}.streams WHERE tenant = @tenant AND incident = @incident)
                ON CONFLICT (tenant, incident, id) DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM added), EXISTS (SELECT 1 FROM {_schema}.streams WHERE tenant = @tenant AND incident = @incident);
            """);
        insert.Parameters.AddWithValue("tenant", record.Tenant.Value);
        insert.Parameters.AddWithValue("incident", record.Incident.Value);
        insert.Parameters.AddWithValue("id", record.Id);
        insert.Parameters.AddWithValue("at", record.At.ToUnixTimeTicks());
        insert.Parameters.AddWithValue("channel", record.Channel);
        insert.Parameters.AddWithValue("key", record.IdempotencyKey);
        insert.Parameters.AddWithValue("attempt", record.Attempt);
        insert.Parameters.AddWithValue("delivered", record.Delivered);
        insert.Parameters.Add(new NpgsqlParameter<string?>("reason", NpgsqlDbType.Text) { TypedValue = record.Reason });
        insert.Parameters.AddWithValue("willRetry", record.WillRetry);
        var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reader.GetInt64(0) == 1)
            {
                return true;
            }

            return reader.GetBoolean(1)
                ? false
                : throw new IncidentNotFoundException(record.Tenant, record.Incident);
        }
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<DeliveryRecord>> ReadDeliveriesAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var read = _dataSource.CreateCommand($"""
            SELECT at_ticks, channel, idempotency_key, attempt, delivered, reason, will_retry FROM {_schema}.deliveries
            WHERE tenant = @tenant AND incident = @incident
            ORDER BY at_ticks, channel COLLATE "C", idempotency_key COLLATE "C", attempt, delivered;
            """);
        read.Parameters.AddWithValue("tenant", tenant.Value);
        read.Parameters.AddWithValue("incident", incident.Value);
        var records = new List<DeliveryRecord>();
        var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var at = Instant.FromUnixTimeTicks(reader.GetInt64(0));
                records.Add(reader.GetBoolean(4)
                    ? DeliveryRecord.ForDelivery(tenant, incident, reader.GetString(1), reader.GetString(2), reader.GetInt32(3), at)
                    : DeliveryRecord.ForFailure(tenant, incident, reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                        reader.IsDBNull(5) ? "unknown" : reader.GetString(5), reader.GetBoolean(6), at));
            }
        }

        return records;
    }
}
