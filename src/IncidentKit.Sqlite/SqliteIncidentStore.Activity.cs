using System.Runtime.CompilerServices;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Sqlite;

// The reporting query (IIncidentHistoryReader): one statement that walks streams_by_settling from the period's start (open
// incidents sit at long.MaxValue, at the end of the range), keeps those opened before the period's end, and joins each to its
// events in version order. The rows arrive grouped by incident, so each history is yielded as soon as its last event is read;
// one statement means one snapshot under WAL.
public sealed partial class SqliteIncidentStore : IIncidentHistoryReader
{
    internal const string ActiveQuery = """
        SELECT s.incident, s.version, e.data FROM streams s INDEXED BY streams_by_settling
        JOIN events e ON e.tenant = s.tenant AND e.incident = s.incident
        WHERE s.tenant = $tenant AND s.settled_at >= $start AND s.opened_at < $end
        ORDER BY s.settled_at, s.incident, e.version;
        """;

    /// <inheritdoc />
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The database failed.</exception>
    public async IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IncidentActivity.CheckPeriod(period);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = ActiveQuery;
        command.Parameters.AddWithValue("$tenant", tenant.Value);
        command.Parameters.AddWithValue("$start", period.Start.ToUnixTimeTicks());
        command.Parameters.AddWithValue("$end", period.End.ToUnixTimeTicks());
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? current = null;
        var version = 0L;
        var events = new List<IncidentEvent>();

        // A report reads millions of rows, so each row costs no allocation but its event: the incident's key is read only on the
        // first row of its history (each history has exactly its stream's version in rows), and the JSON is deserialised
        // from SQLite's own UTF-8 bytes, copied into one reused buffer, rather than decoded into a string first.
        var buffer = new byte[4096];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (current is null || events.Count == version)
            {
                if (current is not null)
                {
                    yield return new IncidentHistory(tenant, new IncidentId(Guid.ParseExact(current, "N")), version, 0, events);
                    events = new List<IncidentEvent>((int)Math.Min(version, 1024));
                }

                current = reader.GetString(0);
                version = reader.GetInt64(1);
            }

            var length = (int)reader.GetBytes(2, 0, null, 0, 0);
            if (length > buffer.Length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            reader.GetBytes(2, 0, buffer, 0, length);
            events.Add(IncidentEventSerializer.Deserialize(buffer.AsSpan(0, length)));
        }

        if (current is not null)
        {
            yield return new IncidentHistory(tenant, new IncidentId(Guid.ParseExact(current, "N")), version, 0, events);
        }
    }
}
