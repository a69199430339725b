using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

// The tamper-evident timeline: Append links each new event to its predecessor's hash (EventChain) inside its transaction;
// VerifyAsync recomputes the chain from the stored rows. SQLite keeps the exact text the serializer wrote, so the stored text
// is hashed as it is: any change to it, even one that means the same, breaks the chain.
public sealed partial class SqliteIncidentStore
{
    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    public async ValueTask<TimelineVerification> VerifyAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);

        // One statement, so the stream record and its events come from the same snapshot; the stream row sorts first.
        using var command = Command(connection, """
            SELECT 0, coalesce((SELECT version FROM streams WHERE tenant = $tenant AND incident = $incident), 0), NULL, NULL, NULL
            UNION ALL
            SELECT 1, version, data, prev_hash, hash FROM events WHERE tenant = $tenant AND incident = $incident
            ORDER BY 1, 2;
            """);
        command.Parameters.AddWithValue("$tenant", tenant.Value);
        command.Parameters.AddWithValue("$incident", Key(incident));
        var verifier = new EventChainVerifier(tenant, incident);
        var streamVersion = 0L;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (!verifier.IsBroken && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetInt32(0) == 0)
                {
                    streamVersion = reader.GetInt64(1);
                    continue;
                }

                verifier.Add(reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), Blob(reader, 3), Blob(reader, 4));
            }
        }

        return verifier.Complete(streamVersion);
    }

    private static byte[] Blob(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    // The hash of the event at the expected version: the chain's head. A stream whose head was stored before the chain existed
    // (a pre-chain row) gets the chain computed over all its rows now, so this append vouches for them from here on.
    private static byte[] HeadHash(SqliteWriterStatements sql, IncidentChange change, string tenant, string incident)
    {
        var expected = change.ExpectedVersion.Value;
        if (expected == 0)
        {
            return EventChain.GenesisHash.ToArray();
        }

        SqliteWriterStatements.Bind(sql.HeadHash, tenant, incident, expected);
        if (sql.HeadHash.ExecuteScalar() is byte[] { Length: EventChain.HashLength } head)
        {
            return head;
        }

        var verifier = new EventChainVerifier(change.Tenant, change.Incident);
        using var rows = sql.HeadHash.Connection!.CreateCommand();
        rows.CommandText = "SELECT version, data FROM events WHERE tenant = $tenant AND incident = $incident AND version <= $version ORDER BY version;";
        rows.Parameters.AddWithValue("$tenant", tenant);
        rows.Parameters.AddWithValue("$incident", incident);
        rows.Parameters.AddWithValue("$version", expected);
        using var reader = rows.ExecuteReader();
        while (reader.Read())
        {
            verifier.Add(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), [], []);
        }

        return verifier.Head.ToArray();
    }
}
