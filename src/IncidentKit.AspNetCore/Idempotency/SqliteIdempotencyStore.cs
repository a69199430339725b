using IncidentKit.AspNetCore.Sql;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers idempotency keys in a SQLite database (the incident store's file serves well).</summary>
/// <remarks>The table <c>incidentkit_idempotency</c> is created on first use.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class SqliteIdempotencyStore : SqlIdempotencyStore
{
    /// <summary>Initializes the store over a database file.</summary>
    /// <param name="connectionString">The connection string, e.g. <c>Data Source=incidents.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or white space.</exception>
    public SqliteIdempotencyStore(string connectionString)
        : base(SqlDialect.Sqlite(string.IsNullOrWhiteSpace(connectionString)
            ? throw new ArgumentException("Give the SQLite connection string, e.g. Data Source=incidents.db.", nameof(connectionString))
            : connectionString))
    {
    }
}
