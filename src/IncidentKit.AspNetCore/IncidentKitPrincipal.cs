using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using IncidentKit.Authorization;

namespace IncidentKit.AspNetCore;

/// <summary>Maps authenticated principals to IncidentKit actors and back: user, tenant and roles.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class IncidentKitPrincipal
{
    /// <summary>Returns the claims identity for an actor, for an authentication scheme.</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="authenticationType">The scheme name.</param>
    /// <param name="apiKeyId">The personal API key it came from, or <see langword="null"/>.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> is null.</exception>
    public static ClaimsIdentity CreateIdentity(IncidentActor actor, string authenticationType, string? apiKeyId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.User.Value),
            new(ClaimTypes.Name, actor.User.Value),
            new(IncidentKitClaimTypes.Tenant, actor.Tenant.Value),
        };
        claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, RoleName(r))));
        if (apiKeyId is not null)
        {
            claims.Add(new Claim(IncidentKitClaimTypes.ApiKeyId, apiKeyId));
        }

        return new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role);
    }

    /// <summary>Returns the actor of a principal: user from the name identifier, tenant from <see cref="IncidentKitClaimTypes.Tenant"/>, roles from role claims.</summary>
    /// <param name="principal">The principal.</param>
    /// <param name="actor">The actor, when the principal is authenticated and carries a user and a tenant.</param>
    /// <returns><see langword="true"/> when the principal maps to an actor.</returns>
    public static bool TryGetActor(this ClaimsPrincipal principal, [NotNullWhen(true)] out IncidentActor? actor)
    {
        actor = null;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var user = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var tenant = principal.FindFirstValue(IncidentKitClaimTypes.Tenant);
        if (string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(tenant) || user.Length > 256 || tenant.Length > 128)
        {
            return false;
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => TryParseRole(c.Value, out var r) ? r : (IncidentRole?)null).OfType<IncidentRole>();
        actor = new IncidentActor(new UserId(user), new TenantId(tenant), roles);
        return true;
    }

    /// <summary>Returns a role's name on the wire: <c>viewer</c>, <c>responder</c>, <c>incident-commander</c> or <c>admin</c>.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The name.</returns>
    public static string RoleName(IncidentRole role) => role switch
    {
        IncidentRole.Viewer => "viewer",
        IncidentRole.Responder => "responder",
        IncidentRole.IncidentCommander => "incident-commander",
        IncidentRole.Admin => "admin",
        IncidentRole.System => "system",
        _ => role.ToString(),
    };

    /// <summary>Parses a role name (<c>incident-commander</c> and <c>IncidentCommander</c> both work, in any case).</summary>
    /// <param name="text">The name.</param>
    /// <param name="role">The role when parsed.</param>
    /// <returns><see langword="true"/> when the text names a role a person may hold; <c>system</c> never parses (only the host's automation holds it).</returns>
    public static bool TryParseRole(string? text, out IncidentRole role)
    {
        // The system role is the host's own automation: no key, token or claim can grant it.
        foreach (var r in Enum.GetValues<IncidentRole>().Where(r => r != IncidentRole.System))
        {
            if (string.Equals(text, RoleName(r), StringComparison.OrdinalIgnoreCase) || string.Equals(text, r.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                role = r;
                return true;
            }
        }

        role = default;
        return false;
    }
}
