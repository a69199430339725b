using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IncidentKit.AspNetCore.Sql;

// What the SQL stores of this package (API keys, idempotency keys) need to know about a database: how to open a connection,
// how parameters are marked, two column types, "insert unless the key exists", and how to serialise creating a table across
// nodes. Everything else (the statements, the protocol, the row shapes) is written once, in SqlTable and the stores.
internal abstract class SqlDialect
{
    // SQLite's own parameter marker is $; PostgreSQL (Npgsql) takes @name in the text and the bare name as the parameter.
    public abstract char Marker { get; }

    public abstract string BigInt { get; }

    public abstract string Bytes { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public abstract string InsertIgnore(string table, string columns, string values);

    // Prefixes a table's CREATE statements so that nodes creating it at once do not race on the catalog.
    public abstract string CreateGuard(int lockId);

    public static SqlDialect Sqlite(string connectionString) => new SqliteDialect(connectionString);

    public static SqlDialect PostgreSql(NpgsqlDataSource dataSource) => new PostgreSqlDialect(dataSource);

    public string ParameterName(string name) => Marker == '@' ? name : Marker + name;

    private sealed class SqliteDialect(string connectionString) : SqlDialect
    {
        public override char Marker => '$';

        public override string BigInt => "INTEGER";

        public override string Bytes => "BLOB";

        public override string InsertIgnore(string table, string columns, string values) => $"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({values})";

        // One writer at a time, and CREATE ... IF NOT EXISTS is idempotent: nothing to serialise.
        public override string CreateGuard(int lockId) => "";

        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout = 5000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private sealed class PostgreSqlDialect(NpgsqlDataSource dataSource) : SqlDialect
    {
        public override char Marker => '@';

        public override string BigInt => "BIGINT";

        public override string Bytes => "BYTEA";

        public override string InsertIgnore(string table, string columns, string values) => $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING";

        public override string CreateGuard(int lockId) => string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({lockId});");

        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }
}
