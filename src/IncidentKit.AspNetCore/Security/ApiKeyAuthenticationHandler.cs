using System.Security.Claims;
using System.Text.Encodings.Web;
using IncidentKit.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentKit.AspNetCore.Security;

// Authenticates "Authorization: Bearer ik_…" against the key store: the key's hash must be stored and not revoked.
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request.Headers.Authorization.ToString()) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var record = await FindValidAsync(keys, token, Context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = IncidentKitPrincipal.CreateIdentity(new IncidentActor(record.User, record.Tenant, record.Roles), Scheme.Name, record.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    internal static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;

    internal static async Task<ApiKeyRecord?> FindValidAsync(IApiKeyStore keys, string? key, CancellationToken cancellationToken)
    {
        if (!ApiKeys.IsWellFormed(key))
        {
            return null;
        }

        var record = await keys.FindByHashAsync(ApiKeys.Hash(key!), cancellationToken).ConfigureAwait(false);
        return record is { IsRevoked: false } ? record : null;
    }
}
