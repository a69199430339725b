using NodaTime;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Keeps personal API keys, hashed, per tenant; lets them be found by hash and revoked.</summary>
/// <remarks>Implementations are thread-safe: <see cref="InMemoryApiKeyStore"/>, <see cref="SqliteApiKeyStore"/>, <see cref="PostgreSqlApiKeyStore"/>.</remarks>
public interface IApiKeyStore
{
    /// <summary>Stores a new key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when stored; <see langword="false"/> when a key with the same id or hash exists already.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    ValueTask<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>Finds a key by the hash of its text.</summary>
    /// <param name="hash">The hash from <see cref="ApiKeys.Hash"/>.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The key, revoked or not, or <see langword="null"/>.</returns>
    ValueTask<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Finds a tenant's key by id.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The key's id.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The key, or <see langword="null"/> when the tenant has no such key.</returns>
    ValueTask<ApiKeyRecord?> FindAsync(TenantId tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's keys, oldest first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The keys.</returns>
    ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default);

    /// <summary>Revokes a tenant's key; a revoked key stays revoked.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The key's id.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when the tenant has the key (now revoked); <see langword="false"/> otherwise.</returns>
    ValueTask<bool> RevokeAsync(TenantId tenant, string id, Instant at, CancellationToken cancellationToken = default);
}
