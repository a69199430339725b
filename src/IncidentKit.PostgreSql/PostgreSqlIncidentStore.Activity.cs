using System.Runtime.CompilerServices;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.PostgreSql;

// The reporting query (IIncidentHistoryReader): one statement over streams_by_settling from the period's start (open incidents
// sit at bigint's maximum, at the end of the range), keeping those opened before the period's end (opened_at is INCLUDEd in
// the index), joined to their events in version order. Rows arrive grouped by incident, so each history is yielded as soon as
// its last event is read; one statement means one snapshot.
public sealed partial class PostgreSqlIncidentStore : IIncidentHistoryReader
{
    internal string ActiveQuery => $"""
        SELECT s.incident, s.version, e.data::text FROM {_schema}.streams s
        JOIN {_schema}.events e ON e.tenant = s.tenant AND e.incident = s.incident
        WHERE s.tenant = @tenant AND s.settled_at >= @start AND s.opened_at < @end
        ORDER BY s.settled_at, s.incident, e.version;
        """;

    /// <inheritdoc />
    /// <exception cref="Npgsql.NpgsqlException">The database failed or the connection broke.</exception>
    public async IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IncidentActivity.CheckPeriod(period);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(ActiveQuery);
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("start", period.Start.ToUnixTimeTicks());
        command.Parameters.AddWithValue("end", period.End.ToUnixTimeTicks());
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            Guid? current = null;
            var version = 0L;
            var events = new List<IncidentEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var incident = reader.GetGuid(0);
                if (incident != current)
                {
                    if (current is { } done)
                    {
                        yield return new IncidentHistory(tenant, new IncidentId(done), version, 0, events);
                        events = new List<IncidentEvent>((int)Math.Min(version, 1024));
                    }

                    current = incident;
                    version = reader.GetInt64(1);
                }

                events.Add(IncidentEventSerializer.Deserialize(reader.GetString(2)));
            }

            if (current is { } last)
            {
                yield return new IncidentHistory(tenant, new IncidentId(last), version, 0, events);
            }
        }
    }
}
