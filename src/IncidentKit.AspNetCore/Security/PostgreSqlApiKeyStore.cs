using Npgsql;
using NodaTime;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Keeps API keys, hashed, in a PostgreSQL database (the incident store's database serves well).</summary>
/// <remarks>The table <c>incidentkit_api_keys</c> is created on first use.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class PostgreSqlApiKeyStore : IApiKeyStore
{
    private readonly NpgsqlDataSource _dataSource;
    private volatile bool _ready;

    /// <summary>Initializes the store over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public PostgreSqlApiKeyStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO incidentkit_api_keys ({ApiKeyRows.Columns}) VALUES (@id, @hash, @tenant, @user, @roles, @name, @created, @revoked) ON CONFLICT DO NOTHING";
        ApiKeyRows.Bind(command, key, "");
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyRows.Columns} FROM incidentkit_api_keys WHERE hash = @hash";
        command.Parameters.AddWithValue("hash", hash ?? string.Empty);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ApiKeyRows.Read(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<ApiKeyRecord?> FindAsync(TenantId tenant, string id, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyRows.Columns} FROM incidentkit_api_keys WHERE tenant = @tenant AND id = @id";
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("id", id ?? string.Empty);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ApiKeyRows.Read(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyRows.Columns} FROM incidentkit_api_keys WHERE tenant = @tenant ORDER BY created_at, id";
        command.Parameters.AddWithValue("tenant", tenant.Value);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(ApiKeyRows.Read(reader));
        }

        return keys;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeAsync(TenantId tenant, string id, Instant at, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE incidentkit_api_keys SET revoked_at = COALESCE(revoked_at, @at) WHERE tenant = @tenant AND id = @id";
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("id", id ?? string.Empty);
        command.Parameters.AddWithValue("at", at.ToUnixTimeTicks());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {

            if (!_ready)
            {
                // CREATE ... IF NOT EXISTS is idempotent, so racing first requests may both run it.
                {
                    // Serialises the creation across nodes too: CREATE ... IF NOT EXISTS can race on the catalog otherwise.
                    using var create = connection.CreateCommand();
                    create.CommandText = """
                        SELECT pg_advisory_xact_lock(7340021);
                        CREATE TABLE IF NOT EXISTS incidentkit_api_keys (
                          id TEXT NOT NULL PRIMARY KEY, hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, user_id TEXT NOT NULL,
                          roles TEXT NOT NULL, name TEXT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT NULL);
                        CREATE INDEX IF NOT EXISTS incidentkit_api_keys_tenant ON incidentkit_api_keys (tenant, created_at);
                        """;
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    _ready = true;
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
