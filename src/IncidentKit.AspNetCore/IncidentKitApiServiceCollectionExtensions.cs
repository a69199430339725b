using System.Security.Claims;
using IncidentKit.AspNetCore;
using IncidentKit.AspNetCore.Http;
using IncidentKit.AspNetCore.Idempotency;
using IncidentKit.AspNetCore.Security;
using IncidentKit.Authorization;
using IncidentKit.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the IncidentKit HTTP API's services: authentication (API keys, cookie, JWT), the authoriser, JSON, problem details, OpenAPI and the stores it needs.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitApiServiceCollectionExtensions
{
    /// <summary>Adds the HTTP API's services; map the endpoints with <c>app.MapIncidentKitApi()</c>.</summary>
    /// <param name="services">The service collection (IncidentKit added with <c>AddIncidentKit</c>).</param>
    /// <param name="configure">Sets the API options, or <see langword="null"/>.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <remarks>
    /// <para>Registers, with <c>TryAdd</c> so the host's own win: an <see cref="IIncidentAuthorizer"/> (<see cref="RoleIncidentAuthorizer"/>),
    /// an <see cref="IApiKeyStore"/> and an <see cref="IIdempotencyStore"/> (in memory; choose durable ones with
    /// <see cref="UseSqliteApiStores"/> or <see cref="UsePostgreSqlApiStores"/>).</para>
    /// <para>OpenAPI: on .NET 9 and later the OpenAPI document services (<c>AddOpenApi</c>; map the document with <c>app.MapOpenApi()</c>),
    /// whose every document describes the values the API writes through its own converters (instants, dates, durations, ids,
    /// priorities, impact and urgency) as the wire has them: their JSON type, format, pattern and an example;
    /// on .NET 8, which has no document generator of its own, the endpoint descriptions (<c>AddEndpointsApiExplorer</c>) that
    /// Swashbuckle or NSwag turn into a document.</para>
    /// <para>Authentication: the <see cref="IncidentKitAuthenticationDefaults.Scheme"/> scheme forwards <c>Authorization: Bearer ik_…</c>
    /// to the API key scheme, any other bearer token to JWT (when <see cref="IncidentKitApiOptions.ConfigureJwtBearer"/> is set), and
    /// everything else to the session cookie. The tenant and roles come from the principal only.</para>
    /// </remarks>
    public static IServiceCollection AddIncidentKitApi(this IServiceCollection services, Action<IncidentKitApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new IncidentKitApiOptions();
        configure?.Invoke(options);
        services.AddOptions<IncidentKitApiOptions>().Configure(o => configure?.Invoke(o));
        if (services.Any(d => d.ServiceType == typeof(IncidentApi)))
        {
            return services;
        }

        services.TryAddSingleton<IIncidentAuthorizer>(RoleIncidentAuthorizer.Instance);
        services.TryAddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.TryAddSingleton<IncidentKit.AspNetCore.Evidence.IEvidenceBlobStore, IncidentKit.AspNetCore.Evidence.InMemoryEvidenceBlobStore>();
        services.AddSingleton<IncidentApi>();
        services.AddSingleton<IncidentChangeFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncidentAppendObserver, IncidentChangeFeed>(sp => sp.GetRequiredService<IncidentChangeFeed>()));

        services.ConfigureHttpJsonOptions(o => IncidentKitApiJsonContext.Configure(o.SerializerOptions));
        services.AddProblemDetails();
#if NET9_0_OR_GREATER
        services.AddOpenApi();

        // Every document the host makes (ours, "v1", and any of its own) describes the API's converted values as the wire has them.
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(o => o.AddSchemaTransformer<WireFormatSchemaTransformer>());
#else
        // ASP.NET Core 8 has no OpenAPI document generator of its own: the endpoints' metadata goes to ApiExplorer,
        // which Swashbuckle or NSwag turn into a document on a .NET 8 host.
        services.AddEndpointsApiExplorer();
#endif

        var authentication = services.AddAuthentication()
            .AddPolicyScheme(IncidentKitAuthenticationDefaults.Scheme, "IncidentKit", o => o.ForwardDefaultSelector = context =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? header.AsSpan("Bearer ".Length).TrimStart().StartsWith(ApiKeys.Prefix, StringComparison.Ordinal) || options.ConfigureJwtBearer is null
                        ? IncidentKitAuthenticationDefaults.ApiKeyScheme
                        : IncidentKitAuthenticationDefaults.JwtScheme
                    : IncidentKitAuthenticationDefaults.CookieScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(IncidentKitAuthenticationDefaults.ApiKeyScheme, null)
            .AddCookie(IncidentKitAuthenticationDefaults.CookieScheme, o =>
            {
                o.Cookie.Name = options.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = true;
                // An API answers 401/403 rather than redirecting to a login page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        if (options.ConfigureJwtBearer is { } jwt)
        {
            authentication.AddJwtBearer(IncidentKitAuthenticationDefaults.JwtScheme, o =>
            {
                jwt(o);
                var inner = o.Events?.OnTokenValidated;
                o.Events ??= new JwtBearerEvents();
                o.Events.OnTokenValidated = async c =>
                {
                    if (inner is not null)
                    {
                        await inner(c).ConfigureAwait(false);
                    }

                    MapJwtPrincipal(c, options.JwtTenantClaim);
                };
            });
        }

        services.AddAuthorizationBuilder().AddPolicy(IncidentKitAuthenticationDefaults.Policy, p => p
            .AddAuthenticationSchemes(IncidentKitAuthenticationDefaults.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(IncidentKitClaimTypes.Tenant));
        return services;
    }

    /// <summary>Keeps evidence files in a folder on disk (the web sample uses one beside its SQLite file).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="folder">The folder.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or white space.</exception>
    public static IServiceCollection UseFileSystemEvidence(this IServiceCollection services, string folder)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        services.RemoveAll<IncidentKit.AspNetCore.Evidence.IEvidenceBlobStore>();
        services.AddSingleton<IncidentKit.AspNetCore.Evidence.IEvidenceBlobStore>(new IncidentKit.AspNetCore.Evidence.FileSystemEvidenceBlobStore(folder));
        return services;
    }

    /// <summary>Keeps API keys and idempotency keys in a SQLite database (typically the incident store's file).</summary>
    /// <remarks>Keys found are kept in memory for <see cref="IncidentKitApiOptions.ApiKeyCacheDuration"/>; a key revoked through this
    /// process stops working at once, one revoked elsewhere within that duration.</remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or white space.</exception>
    public static IServiceCollection UseSqliteApiStores(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.RemoveAll<IApiKeyStore>();
        services.RemoveAll<IIdempotencyStore>();
        services.AddSingleton<IApiKeyStore>(sp => Cached(sp, new SqliteApiKeyStore(connectionString)));
        services.AddSingleton<IIdempotencyStore>(_ => new SqliteIdempotencyStore(connectionString));
        return services;
    }

    /// <summary>Keeps API keys and idempotency keys in a PostgreSQL database, and relays the change stream between the nodes that share it.</summary>
    /// <remarks>Keys found are kept in memory for <see cref="IncidentKitApiOptions.ApiKeyCacheDuration"/>; a key revoked through this
    /// node stops working at once, one revoked on another node within that duration. The PostgreSQL incident store (<c>UsePostgreSql</c>,
    /// on the same database) NOTIFYs every append inside the append's transaction, and every node LISTENs for the others' (channel <c>incidentkit_changes</c>), so <c>/api/incidents/stream</c> on any node carries
    /// the changes of all of them, each to its own tenant's streams only.</remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="dataSource">Returns the data source (the host disposes it).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="dataSource"/> is null.</exception>
    public static IServiceCollection UsePostgreSqlApiStores(this IServiceCollection services, Func<IServiceProvider, Npgsql.NpgsqlDataSource> dataSource)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataSource);
        services.RemoveAll<IApiKeyStore>();
        services.RemoveAll<IIdempotencyStore>();
        services.AddSingleton<IApiKeyStore>(sp => Cached(sp, new PostgreSqlApiKeyStore(dataSource(sp))));
        services.AddSingleton<IIdempotencyStore>(sp => new PostgreSqlIdempotencyStore(dataSource(sp)));

        // Nodes on one database see each other's changes on /api/incidents/stream (LISTEN/NOTIFY).
        services.TryAddSingleton(sp => new PostgreSqlChangeRelay(dataSource(sp), sp.GetRequiredService<IncidentChangeFeed>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PostgreSqlChangeRelay>>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeRelay>());

        // The incident store NOTIFYs each append inside its transaction (committed: always heard; rolled back: never).
        services.AddOptions<IncidentKit.PostgreSql.PostgreSqlStoreOptions>().Configure<PostgreSqlChangeRelay>((o, relay) =>
        {
            o.NotifyChannel = PostgreSqlChangeRelay.ChannelName;
            o.NotifyPayload = relay.PayloadOf;
        });
        return services;
    }

    // Durable key stores are read through a short-lived cache (IncidentKitApiOptions.ApiKeyCacheDuration).
    private static CachingApiKeyStore Cached(IServiceProvider services, IApiKeyStore store) =>
        new(store, services.GetService<TimeProvider>() ?? TimeProvider.System, (services.GetService<IOptions<IncidentKitApiOptions>>()?.Value ?? new IncidentKitApiOptions()).ApiKeyCacheDuration);

    // A session lives only as long as the key it was opened with: revoking the key ends it at the next request.
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var keyId = context.Principal?.FindFirstValue(IncidentKitClaimTypes.ApiKeyId);
        var tenant = context.Principal?.FindFirstValue(IncidentKitClaimTypes.Tenant);
        var store = context.HttpContext.RequestServices.GetRequiredService<IApiKeyStore>();
        var key = keyId is null || tenant is null ? null : await store.FindAsync(new IncidentKit.TenantId(tenant), keyId, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (key is not { IsRevoked: false })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IncidentKitAuthenticationDefaults.CookieScheme).ConfigureAwait(false);
        }
    }

    // JWTs name the user in sub (or the mapped name identifier), the tenant in a configured claim and roles in roles/role.
    private static void MapJwtPrincipal(TokenValidatedContext context, string tenantClaim)
    {
        var p = context.Principal;
        var user = p?.FindFirstValue(ClaimTypes.NameIdentifier) ?? p?.FindFirstValue("sub");
        var tenant = p?.FindFirstValue(tenantClaim);
        if (p is null || string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(tenant) || user.Length > 256 || tenant.Length > 128)
        {
            context.Fail("The token names no user (sub) or no tenant.");
            return;
        }

        var roles = p.FindAll(ClaimTypes.Role).Concat(p.FindAll("roles")).Concat(p.FindAll("role"))
            .Select(c => IncidentKitPrincipal.TryParseRole(c.Value, out var r) ? r : (IncidentRole?)null).OfType<IncidentRole>();
        var actor = new IncidentActor(new IncidentKit.UserId(user), new IncidentKit.TenantId(tenant), roles);
        context.Principal = new ClaimsPrincipal(IncidentKitPrincipal.CreateIdentity(actor, IncidentKitAuthenticationDefaults.JwtScheme));
    }
}
