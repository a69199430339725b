using IncidentKit.AspNetCore.Sql;
using Npgsql;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Keeps API keys, hashed, in a PostgreSQL database (the incident store's database serves well).</summary>
/// <remarks>The table <c>incidentkit_api_keys</c> is created on first use (serialised across nodes by an advisory lock).</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class PostgreSqlApiKeyStore : SqlApiKeyStore
{
    /// <summary>Initializes the store over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public PostgreSqlApiKeyStore(NpgsqlDataSource dataSource)
        : base(SqlDialect.PostgreSql(dataSource ?? throw new ArgumentNullException(nameof(dataSource))))
    {
    }
}
