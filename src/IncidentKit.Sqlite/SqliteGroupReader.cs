using IncidentKit.Alerts;
using Microsoft.Data.Sqlite;
using NodaTime;
using SQLitePCL;

namespace IncidentKit.Sqlite;

// Reads an alert group and all its entries in ONE statement, so both come from one snapshot (one version): the group by its
// primary key, then its entries as one range of theirs (SqliteAlertGroupEntryTests checks the plan). A storm group has thousands
// of entries, so the rows are lean (a UNION ALL, not a join that repeats the group's columns on every entry's row) and read through
// SQLite's own API, decoding only the two texts of each entry: 2 000 entries took 2.7-3.3 ms of CPU through a join and a data
// reader, 1.8-2.1 ms this way, most of it the entries' strings themselves (1.3 MB; benchmarks/RESULTS.md, "alert group entries").
internal static class SqliteGroupReader
{
    // The group's row has its version in the first column; each entry's row has NULL there, then its key and its text. Rows are
    // told apart by that column, not by their order.
    internal const string Sql = """
        SELECT version, state, next_check_at FROM alert_groups WHERE tenant = $tenant AND group_key = $key
        UNION ALL
        SELECT NULL, alert_key, entry FROM alert_group_entries WHERE tenant = $tenant AND group_key = $key;
        """;

    public static AlertGroupRecord? Read(SqliteConnection connection, TenantId tenant, string groupKey)
    {
        var db = connection.Handle!;
        SqliteRaw.Check(raw.sqlite3_prepare_v2(db, Sql, out var statement), db);
        using (statement)
        {
            SqliteRaw.Check(raw.sqlite3_bind_text16(statement, raw.sqlite3_bind_parameter_index(statement, "$tenant"), tenant.Value), db);
            SqliteRaw.Check(raw.sqlite3_bind_text16(statement, raw.sqlite3_bind_parameter_index(statement, "$key"), groupKey), db);
            AlertGroupRecord? group = null;
            Dictionary<string, string>? entries = null;
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (raw.sqlite3_column_type(statement, 0) == raw.SQLITE_NULL)
                {
                    (entries ??= new(StringComparer.Ordinal)).Add(Text(statement, 1), Text(statement, 2));
                }
                else
                {
                    group = new AlertGroupRecord(tenant, groupKey, raw.sqlite3_column_int64(statement, 0), Text(statement, 1),
                        raw.sqlite3_column_type(statement, 2) == raw.SQLITE_NULL ? null : Instant.FromUnixTimeTicks(raw.sqlite3_column_int64(statement, 2)));
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            // Entries are only ever written with their group (SaveGroupAsync), so entries without a group cannot be read here.
            return group is not null && entries is not null ? group with { Entries = entries } : group;
        }
    }

    private static string Text(sqlite3_stmt statement, int column) => raw.sqlite3_column_text(statement, column).utf8_to_string();
}
