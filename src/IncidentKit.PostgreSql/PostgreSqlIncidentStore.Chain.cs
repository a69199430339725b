using System.Text.Json;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Npgsql;

namespace IncidentKit.PostgreSql;

// The tamper-evident timeline: the append links each new event to its predecessor's hash (EventChain) inside its transaction;
// VerifyAsync recomputes the chain from the stored rows. Events are kept as jsonb, whose text form reorders keys, so the
// verifier hashes each event re-serialized in the storage format (EventChain.Canonicalize): the same bytes the append hashed.
public sealed partial class PostgreSqlIncidentStore
{
    /// <inheritdoc />
    /// <remarks>A change to a stored event that does not change the event as the library reads it (whitespace, key order, an
    /// unknown extra property) is not reported: <c>jsonb</c> does not keep the text that was written.</remarks>
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<TimelineVerification> VerifyAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // One statement, so the stream record and its events come from the same snapshot; the stream row sorts first.
        using var command = _dataSource.CreateCommand($"""
            SELECT 0, coalesce((SELECT version FROM {_schema}.streams WHERE tenant = @tenant AND incident = @incident), 0), NULL::text, NULL::bytea, NULL::bytea
            UNION ALL
            SELECT 1, version, data::text, prev_hash, hash FROM {_schema}.events WHERE tenant = @tenant AND incident = @incident
            ORDER BY 1, 2;
            """);
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("incident", incident.Value);
        var verifier = new EventChainVerifier(tenant, incident);
        var streamVersion = 0L;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (!verifier.IsBroken && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetInt32(0) == 0)
                {
                    streamVersion = reader.GetInt64(1);
                    continue;
                }

                verifier.Add(reader.GetInt64(1), CanonicalOrAsStored(reader.GetString(2)), Blob(reader, 3), Blob(reader, 4));
            }
        }

        return verifier.Complete(streamVersion);
    }

    private static byte[] Blob(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    // JSON that is no longer an incident event cannot match its hash: hash it as it is, so the break is reported where it is.
    private static string CanonicalOrAsStored(string stored)
    {
        try
        {
            return EventChain.Canonicalize(stored);
        }
        catch (JsonException)
        {
            return stored;
        }
    }

    // The head of a stream whose last event was stored before the chain existed: the chain computed over all its events, so that
    // the append that follows vouches for them from here on. Read outside the append's statement: stored events never change
    // (the append is conditional on the stream still being at the expected version).
    private async Task<byte[]> PreChainHeadAsync(IncidentChange change, CancellationToken cancellationToken)
    {
        using var rows = _dataSource.CreateCommand(
            $"SELECT version, data::text FROM {_schema}.events WHERE tenant = @tenant AND incident = @incident AND version <= @expected ORDER BY version;");
        rows.Parameters.AddWithValue("tenant", change.Tenant.Value);
        rows.Parameters.AddWithValue("incident", change.Incident.Value);
        rows.Parameters.AddWithValue("expected", change.ExpectedVersion.Value);
        var verifier = new EventChainVerifier(change.Tenant, change.Incident);
        var reader = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                verifier.Add(reader.GetInt64(0), CanonicalOrAsStored(reader.GetString(1)), [], []);
            }
        }

        return verifier.Head.ToArray();
    }
}
