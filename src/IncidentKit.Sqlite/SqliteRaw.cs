using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace IncidentKit.Sqlite;

// Where the store runs statements through SQLite's own API (its hot reads and the alert group entries' upsert), a result code
// other than SQLITE_OK becomes the SqliteException Microsoft.Data.Sqlite would have thrown.
internal static class SqliteRaw
{
    public static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
