using System.Data.Common;
using Npgsql;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers idempotency keys in a PostgreSQL database.</summary>
/// <remarks>The table <c>incidentkit_idempotency</c> is created on first use.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class PostgreSqlIdempotencyStore : IIdempotencyStore
{
    private readonly Impl _impl;

    /// <summary>Initializes the store over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public PostgreSqlIdempotencyStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _impl = new Impl(dataSource);
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

    private sealed class Impl(NpgsqlDataSource dataSource) : SqlIdempotencyStore
    {
        protected override string CreateSql => """
            SELECT pg_advisory_xact_lock(7340022);
            CREATE TABLE IF NOT EXISTS incidentkit_idempotency (
              tenant TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL, started_at BIGINT NOT NULL,
              status_code INTEGER NULL, content_type TEXT NULL, etag TEXT NULL, location TEXT NULL, body BYTEA NULL,
              PRIMARY KEY (tenant, idem_key));
            """;

        protected override string InsertIgnoreSql =>
            "INSERT INTO incidentkit_idempotency (tenant, idem_key, request_hash, started_at) VALUES (@tenant, @key, @hash, @at) ON CONFLICT DO NOTHING";

        protected override char Marker => '@';

        protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }
}
