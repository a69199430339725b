using System.Buffers.Text;
using System.Runtime.CompilerServices;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;
using SQLitePCL;

namespace IncidentKit.Sqlite;

// The reporting query (IIncidentHistoryReader): one statement, so one snapshot under WAL. The period's active incidents are
// found in streams_by_settling (from the period's start; open incidents sit at long.MaxValue, at the end of the range), filtered
// by opening, and become the IN list, which SQLite keeps as a small sorted index of keys (spilling to its temporary storage
// when large, so memory stays flat); their events are then read by primary key in key order, i.e. one forward pass through
// the events table, which is clustered by (tenant, incident, version), instead of one random seek per incident in settling
// order. The answer is ordered by (incident, version) with no sort of the rows: the IN list's order is the primary key's.
// Rows are read through SQLite's own API so that each event is deserialised from SQLite's UTF-8 bytes in place (no string,
// no copy): a report reads millions of them.
public sealed partial class SqliteIncidentStore : IIncidentHistoryReader
{
    internal const string ActiveQuery = """
        SELECT e.incident, e.data FROM events e
        WHERE e.tenant = $tenant AND e.incident IN (
            SELECT incident FROM streams INDEXED BY streams_by_settling
            WHERE tenant = $tenant AND settled_at >= $start AND opened_at < $end)
        ORDER BY e.incident, e.version;
        """;

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed.</exception>
    public async IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IncidentActivity.CheckPeriod(period);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var rows = new ActiveRows(connection, tenant, period);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var events = new List<IncidentEvent>(rows.LastCount);
            if (!rows.ReadHistory(events, out var incident))
            {
                break;
            }

            // Versions are contiguous from 1, so a whole history's version is its number of events.
            yield return new IncidentHistory(tenant, incident, events.Count, 0, events);
        }
    }

    // The statement, stepped through SQLite's API; one history at a time (the rows of one incident key).
    private sealed class ActiveRows : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private byte[] _key = new byte[32];
        private bool _onRow;
        private bool _started;

        public ActiveRows(SqliteConnection connection, TenantId tenant, Interval period)
        {
            _db = connection.Handle!;
            SqliteRaw.Check(raw.sqlite3_prepare_v2(_db, ActiveQuery, out _statement), _db);
            try
            {
                SqliteRaw.Check(raw.sqlite3_bind_text(_statement, raw.sqlite3_bind_parameter_index(_statement, "$tenant"), tenant.Value), _db);
                SqliteRaw.Check(raw.sqlite3_bind_int64(_statement, raw.sqlite3_bind_parameter_index(_statement, "$start"), period.Start.ToUnixTimeTicks()), _db);
                SqliteRaw.Check(raw.sqlite3_bind_int64(_statement, raw.sqlite3_bind_parameter_index(_statement, "$end"), period.End.ToUnixTimeTicks()), _db);
            }
            catch
            {
                _statement.Dispose();
                throw;
            }
        }

        // The previous history's length, to size the next list once.
        public int LastCount { get; private set; } = 16;

        // Adds the next incident's events in version order; false when there is none.
        public bool ReadHistory(List<IncidentEvent> events, out IncidentId incident)
        {
            if (!_started)
            {
                _started = true;
                Step();
            }

            if (!_onRow)
            {
                incident = default;
                return false;
            }

            var key = raw.sqlite3_column_blob(_statement, 0);
            if (!Utf8Parser.TryParse(key, out Guid id, out var consumed, 'N') || consumed != key.Length)
            {
                throw new InvalidOperationException($"The events table holds an incident key that is not a 32-digit id: '{System.Text.Encoding.UTF8.GetString(key)}'.");
            }

            if (key.Length > _key.Length)
            {
                _key = new byte[key.Length];
            }

            key.CopyTo(_key);
            var current = _key.AsSpan(0, key.Length);
            incident = new IncidentId(id);
            do
            {
                events.Add(IncidentEventSerializer.Deserialize(raw.sqlite3_column_blob(_statement, 1)));
                Step();
            }
            while (_onRow && raw.sqlite3_column_blob(_statement, 0).SequenceEqual(current));

            LastCount = Math.Min(events.Count, 1024);
            return true;
        }

        public void Dispose() => _statement.Dispose();

        private void Step()
        {
            var rc = raw.sqlite3_step(_statement);
            _onRow = rc == raw.SQLITE_ROW;
            if (!_onRow && rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }
}
