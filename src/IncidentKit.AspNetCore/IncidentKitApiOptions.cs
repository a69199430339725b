using Microsoft.AspNetCore.Authentication.JwtBearer;
using NodaTime;

namespace IncidentKit.AspNetCore;

/// <summary>Holds the settings of the IncidentKit HTTP API: authentication, sign-in, paging, idempotency and SSE.</summary>
/// <threadsafety>This type is mutable and not thread-safe; it is read once when the services are built.</threadsafety>
public sealed class IncidentKitApiOptions
{
    /// <summary>Gets or sets how a JWT bearer token is validated, or <see langword="null"/> to accept only personal API keys and the cookie.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    /// <remarks>Tokens carry the user in <c>sub</c>, the tenant in <see cref="JwtTenantClaim"/> and roles in <c>roles</c> or <c>role</c>
    /// (<c>viewer</c>, <c>responder</c>, <c>incident-commander</c>, <c>admin</c>).</remarks>
    public Action<JwtBearerOptions>? ConfigureJwtBearer { get; set; }

    /// <summary>Gets or sets the JWT claim that names the tenant.</summary>
    /// <value>The default value is <c>tenant</c>.</value>
    public string JwtTenantClaim { get; set; } = "tenant";

    /// <summary>Gets or sets the name of the session cookie issued by <c>POST /account/signin</c>.</summary>
    /// <value>The default value is <c>incidentkit.session</c>.</value>
    public string CookieName { get; set; } = "incidentkit.session";

    /// <summary>Gets or sets how long a browser session lasts without activity.</summary>
    /// <value>The default value is 8 hours.</value>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Gets or sets the page a failed form sign-in returns to, with <c>?error=invalid-key</c> appended.</summary>
    /// <value>The default value is <c>/signin.html</c>.</value>
    public string SignInPage { get; set; } = "/signin.html";

    /// <summary>Gets or sets how long a personal API key found in a durable key store is trusted without asking the store again.</summary>
    /// <value>The default value is 5 seconds; <see cref="TimeSpan.Zero"/> asks the store on every request.</value>
    /// <remarks>A key revoked through this process stops working at once; one revoked on another node (or in the database) stops
    /// working here within this duration. Unknown keys are never cached.</remarks>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets which tenant each on-call schedule belongs to, by schedule id: a tenant's callers see only its own schedules
    /// and the host-wide ones in <c>/api/oncall</c> and the calendar feeds.</summary>
    /// <value>The default value is an empty map: every schedule is host-wide (right for a single-tenant host). In a multi-tenant host,
    /// map every schedule; another tenant's schedule answers 404, as if it did not exist.</value>
    public IDictionary<string, TenantId> ScheduleTenants { get; } = new Dictionary<string, TenantId>(StringComparer.Ordinal);

    /// <summary>Gets or sets the largest page <c>GET /api/incidents</c> returns.</summary>
    /// <value>The default value is 200.</value>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>Gets or sets how old an unfinished idempotent request must be before a retry may run it again.</summary>
    /// <value>The default value is 1 minute.</value>
    public Duration IdempotencyStaleAfter { get; set; } = Duration.FromMinutes(1);

    /// <summary>Gets or sets the largest evidence file accepted, in bytes.</summary>
    /// <value>The default value is 10 MiB.</value>
    public long MaxEvidenceBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Gets the content types accepted for evidence files; HTML, SVG and scripts are never accepted, whatever is listed.</summary>
    /// <value>The default value is PNG, JPEG, GIF, WebP, PDF, plain text, CSV, JSON and ZIP.</value>
    public ISet<string> EvidenceContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv", "application/json", "application/zip",
    };
}
