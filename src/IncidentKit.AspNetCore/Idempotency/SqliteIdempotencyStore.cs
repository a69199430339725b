using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers idempotency keys in a SQLite database (the incident store's file serves well).</summary>
/// <remarks>The table <c>incidentkit_idempotency</c> is created on first use.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    private readonly Impl _impl;

    /// <summary>Initializes the store over a database file.</summary>
    /// <param name="connectionString">The connection string, e.g. <c>Data Source=incidents.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or white space.</exception>
    public SqliteIdempotencyStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _impl = new Impl(connectionString);
    }

    /// <inheritdoc />
    public ValueTask<IdempotencyClaim> TryBeginAsync(TenantId tenant, string key, string requestHash, NodaTime.Instant at, NodaTime.Duration staleAfter, CancellationToken cancellationToken = default) =>
        _impl.TryBeginAsync(tenant, key, requestHash, at, staleAfter, cancellationToken);

    /// <inheritdoc />
    public ValueTask CompleteAsync(TenantId tenant, string key, IdempotentResponse response, CancellationToken cancellationToken = default) =>
        _impl.CompleteAsync(tenant, key, response, cancellationToken);

    /// <inheritdoc />
    public ValueTask AbandonAsync(TenantId tenant, string key, CancellationToken cancellationToken = default) =>
        _impl.AbandonAsync(tenant, key, cancellationToken);

    private sealed class Impl(string connectionString) : SqlIdempotencyStore
    {
        protected override string CreateSql => """
            CREATE TABLE IF NOT EXISTS incidentkit_idempotency (
              tenant TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL, started_at INTEGER NOT NULL,
              status_code INTEGER NULL, content_type TEXT NULL, etag TEXT NULL, location TEXT NULL, body BLOB NULL,
              PRIMARY KEY (tenant, idem_key));
            """;

        protected override string InsertIgnoreSql =>
            "INSERT OR IGNORE INTO incidentkit_idempotency (tenant, idem_key, request_hash, started_at) VALUES ($tenant, $key, $hash, $at)";

        protected override char Marker => '$';

        protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
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
}
