using IncidentKit.AspNetCore.Sql;
using NodaTime;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Keeps API keys, hashed, in a SQL database: the one implementation behind <see cref="SqliteApiKeyStore"/> and
/// <see cref="PostgreSqlApiKeyStore"/>, which differ only in their dialect.</summary>
/// <remarks>The table <c>incidentkit_api_keys</c> is created on first use; every statement is keyed by the tenant, so tenants never
/// see each other's keys.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public abstract class SqlApiKeyStore : IApiKeyStore
{
    private readonly SqlTable _table;

    private protected SqlApiKeyStore(SqlDialect dialect) =>
        _table = new SqlTable(dialect, static d => $"""
            {d.CreateGuard(7340021)}
            CREATE TABLE IF NOT EXISTS incidentkit_api_keys (
              id TEXT NOT NULL PRIMARY KEY, hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, user_id TEXT NOT NULL,
              roles TEXT NOT NULL, name TEXT NULL, created_at {d.BigInt} NOT NULL, revoked_at {d.BigInt} NULL);
            CREATE INDEX IF NOT EXISTS incidentkit_api_keys_tenant ON incidentkit_api_keys (tenant, created_at);
            """);

    /// <inheritdoc />
    public async ValueTask<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var connection = await _table.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = _table.Command(connection,
                _table.Dialect.InsertIgnore("incidentkit_api_keys", ApiKeyRows.Columns, _table.Sql("{p}id, {p}hash, {p}tenant, {p}user, {p}roles, {p}name, {p}created, {p}revoked")),
                ApiKeyRows.Parameters(key));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public ValueTask<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken = default) =>
        FindOneAsync("hash = {p}hash", [("hash", hash ?? string.Empty)], cancellationToken);

    /// <inheritdoc />
    public ValueTask<ApiKeyRecord?> FindAsync(TenantId tenant, string id, CancellationToken cancellationToken = default) =>
        FindOneAsync("tenant = {p}tenant AND id = {p}id", [("tenant", tenant.Value), ("id", id ?? string.Empty)], cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default) =>
        await SelectAsync("tenant = {p}tenant ORDER BY created_at, id", [("tenant", tenant.Value)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<bool> RevokeAsync(TenantId tenant, string id, Instant at, CancellationToken cancellationToken = default)
    {
        var connection = await _table.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = _table.Command(connection,
                _table.Sql("UPDATE incidentkit_api_keys SET revoked_at = COALESCE(revoked_at, {p}at) WHERE tenant = {p}tenant AND id = {p}id"),
                ("tenant", tenant.Value), ("id", id ?? string.Empty), ("at", at.ToUnixTimeTicks()));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private async ValueTask<ApiKeyRecord?> FindOneAsync(string where, (string Name, object? Value)[] parameters, CancellationToken cancellationToken) =>
        (await SelectAsync(where, parameters, cancellationToken).ConfigureAwait(false)) is [var one, ..] ? one : null;

    private async Task<List<ApiKeyRecord>> SelectAsync(string where, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        var connection = await _table.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = _table.Command(connection, _table.Sql($"SELECT {ApiKeyRows.Columns} FROM incidentkit_api_keys WHERE {where}"), parameters);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var keys = new List<ApiKeyRecord>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(ApiKeyRows.Read(reader));
                }

                return keys;
            }
        }
    }
}
