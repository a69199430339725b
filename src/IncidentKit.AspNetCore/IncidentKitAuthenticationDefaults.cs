namespace IncidentKit.AspNetCore;

/// <summary>Names the authentication schemes and the authorisation policy IncidentKit registers.</summary>
public static class IncidentKitAuthenticationDefaults
{
    /// <summary>Gets the scheme that picks the API key, JWT or cookie scheme from the request.</summary>
    public const string Scheme = "IncidentKit";

    /// <summary>Gets the personal API key scheme (<c>Authorization: Bearer ik_…</c>).</summary>
    public const string ApiKeyScheme = "IncidentKit.ApiKey";

    /// <summary>Gets the JWT bearer scheme.</summary>
    public const string JwtScheme = "IncidentKit.Jwt";

    /// <summary>Gets the browser session cookie scheme.</summary>
    public const string CookieScheme = "IncidentKit.Cookie";

    /// <summary>Gets the authorisation policy every API endpoint requires: an authenticated principal with a tenant.</summary>
    public const string Policy = "IncidentKit";
}
