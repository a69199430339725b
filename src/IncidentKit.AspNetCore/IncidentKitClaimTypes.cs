namespace IncidentKit.AspNetCore;

/// <summary>Names the claims IncidentKit puts on an authenticated principal, whatever the scheme (API key, cookie, JWT).</summary>
public static class IncidentKitClaimTypes
{
    /// <summary>Gets the claim that names the tenant; the tenant comes from here only, never from a URL or a body.</summary>
    public const string Tenant = "incidentkit:tenant";

    /// <summary>Gets the claim that names the personal API key a principal signed in with (to check revocation).</summary>
    public const string ApiKeyId = "incidentkit:key";
}
