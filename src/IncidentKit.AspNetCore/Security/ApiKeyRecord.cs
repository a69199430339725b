using IncidentKit.Authorization;
using NodaTime;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Describes a stored personal API key: its id, the hash of its secret, whose it is and with which roles; never the secret itself.</summary>
/// <param name="Id">The key's public id (shown in lists, used to revoke).</param>
/// <param name="Hash">The SHA-256 of the whole key text, as lower-case hex (<see cref="ApiKeys.Hash"/>).</param>
/// <param name="Tenant">The tenant the key acts in.</param>
/// <param name="User">The person (or integration) the key acts as.</param>
/// <param name="Roles">The roles the key carries.</param>
/// <param name="Name">A label, e.g. "laptop", or <see langword="null"/>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or <see langword="null"/> while it is valid.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ApiKeyRecord(string Id, string Hash, TenantId Tenant, UserId User, IReadOnlyList<IncidentRole> Roles, string? Name, Instant CreatedAt, Instant? RevokedAt)
{
    /// <summary>Gets whether the key is revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;
}
