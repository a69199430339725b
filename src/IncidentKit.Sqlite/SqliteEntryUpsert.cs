using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace IncidentKit.Sqlite;

// The upsert of one alert group entry, prepared once on the writer connection and run through SQLite's own API: a storm round's
// save runs it hundreds of times inside the write lock, and each run of a SqliteCommand allocated a data reader and a binder per
// parameter and copied each text to UTF-8 in managed memory first (about 600 bytes per entry). Here the texts are bound as
// UTF-16 (SQLite converts them natively) and the group's tenant and key are bound once per save: they survive a reset.
internal sealed class SqliteEntryUpsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _alert;
    private readonly int _entry;

    public SqliteEntryUpsert(SqliteConnection connection)
    {
        _db = connection.Handle!;
        SqliteRaw.Check(raw.sqlite3_prepare_v2(_db, """
            INSERT INTO alert_group_entries (tenant, group_key, alert_key, entry) VALUES ($tenant, $key, $alert, $entry)
            ON CONFLICT (tenant, group_key, alert_key) DO UPDATE SET entry = excluded.entry;
            """, out _statement), _db);
        _alert = raw.sqlite3_bind_parameter_index(_statement, "$alert");
        _entry = raw.sqlite3_bind_parameter_index(_statement, "$entry");
    }

    // Binds the group whose entries the following Run calls write.
    public void BindGroup(string tenant, string groupKey)
    {
        SqliteRaw.Check(raw.sqlite3_bind_text16(_statement, raw.sqlite3_bind_parameter_index(_statement, "$tenant"), tenant), _db);
        SqliteRaw.Check(raw.sqlite3_bind_text16(_statement, raw.sqlite3_bind_parameter_index(_statement, "$key"), groupKey), _db);
    }

    // Writes one entry of the bound group; throws SqliteException when SQLite refuses it (the caller's savepoint then rolls back).
    public void Run(string alertKey, string entry)
    {
        SqliteRaw.Check(raw.sqlite3_bind_text16(_statement, _alert, alertKey), _db);
        SqliteRaw.Check(raw.sqlite3_bind_text16(_statement, _entry, entry), _db);
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
