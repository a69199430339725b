using IncidentKit.AspNetCore.Sql;
using Npgsql;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers idempotency keys in a PostgreSQL database.</summary>
/// <remarks>The table <c>incidentkit_idempotency</c> is created on first use (serialised across nodes by an advisory lock).</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class PostgreSqlIdempotencyStore : SqlIdempotencyStore
{
    /// <summary>Initializes the store over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public PostgreSqlIdempotencyStore(NpgsqlDataSource dataSource)
        : base(SqlDialect.PostgreSql(dataSource ?? throw new ArgumentNullException(nameof(dataSource))))
    {
    }
}
