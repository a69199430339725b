using IncidentKit.AspNetCore.Sql;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Keeps API keys, hashed, in a SQLite database (the incident store's file serves well).</summary>
/// <remarks>The table <c>incidentkit_api_keys</c> is created on first use.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class SqliteApiKeyStore : SqlApiKeyStore
{
    /// <summary>Initializes the store over a database file.</summary>
    /// <param name="connectionString">The connection string, e.g. <c>Data Source=incidents.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or white space.</exception>
    public SqliteApiKeyStore(string connectionString)
        : base(SqlDialect.Sqlite(string.IsNullOrWhiteSpace(connectionString)
            ? throw new ArgumentException("Give the SQLite connection string, e.g. Data Source=incidents.db.", nameof(connectionString))
            : connectionString))
    {
    }
}
