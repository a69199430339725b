using IncidentKit.AspNetCore.Security;
using IncidentKit.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IncidentKit.AspNetCore.Http;

// /api/me tells a page who is signed in; /api/keys lets an admin create, list and revoke the tenant's personal API keys, and
// list and revoke its people's calendar-feed tokens (kept in the same store, so revoked the same way).
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext context) =>
        {
            var actor = IncidentApi.ActorOf(context);
            return TypedResults.Ok(new WhoAmIResource(actor.User, actor.Tenant.Value, [.. actor.Roles.Select(IncidentKitPrincipal.RoleName)]));
        }).WithTags("Account").WithName("WhoAmI").WithSummary("Returns the signed-in user, tenant and roles.");

        var keys = api.MapGroup("/keys").WithTags("API keys");
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Lists the tenant's personal API keys and calendar-feed tokens (never their secrets).");
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Creates a personal API key; its secret is shown once.")
            .Accepts<CreateApiKeyRequest>("application/json");
        keys.MapDelete("/{keyId}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revokes a personal API key or a calendar-feed token.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyResource>>> ListAsync(HttpContext context, IncidentApi api, IApiKeyStore store)
    {
        var actor = api.Demand(context, IncidentAction.Configure);
        var list = await store.ListAsync(actor.Tenant, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<ApiKeyResource>>([.. list.Select(k => new ApiKeyResource(k.Id, CalendarFeedEndpoints.IsFeed(k) ? "calendar-feed" : "api-key", k.User, [.. k.Roles.Select(IncidentKitPrincipal.RoleName)], k.Name, k.CreatedAt, k.RevokedAt))]);
    }

    private static async Task<Results<Created<CreatedApiKeyResource>, ProblemHttpResult>> CreateAsync(HttpContext context, IncidentApi api, IApiKeyStore store)
    {
        var actor = api.Demand(context, IncidentAction.Configure);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.CreateApiKeyRequest, context.RequestAborted).ConfigureAwait(false);
        var user = body?.User ?? throw ApiProblemException.BadField("user", "'user' is required: whom the key acts as.");
        var roles = new List<IncidentRole>();
        foreach (var name in body.Roles ?? [])
        {
            roles.Add(IncidentKitPrincipal.TryParseRole(name, out var r)
                ? r
                : throw ApiProblemException.BadField("roles", $"'{name}' is not a role; expected viewer, responder, incident-commander or admin."));
        }

        if (roles.Count == 0)
        {
            throw ApiProblemException.BadField("roles", "Give at least one role: viewer, responder, incident-commander or admin.");
        }

        var (key, record) = ApiKeys.Create(actor.Tenant, user, roles, body.Name, api.Clock.GetCurrentInstant());
        await store.AddAsync(record, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Created($"/api/keys/{record.Id}",
            new CreatedApiKeyResource(record.Id, key, record.User, [.. record.Roles.Select(IncidentKitPrincipal.RoleName)], record.Name, record.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(HttpContext context, IncidentApi api, IApiKeyStore store, string keyId)
    {
        var actor = api.Demand(context, IncidentAction.Configure);
        return await store.RevokeAsync(actor.Tenant, keyId, api.Clock.GetCurrentInstant(), context.RequestAborted).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : throw ApiProblemException.NotFound($"The tenant has no key '{keyId}'.");
    }
}
