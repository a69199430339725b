using System.Security.Cryptography;
using IncidentKit.AspNetCore.Security;
using IncidentKit.Authorization;
using IncidentKit.OnCall;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IncidentKit.AspNetCore.Http;

// Calendar apps subscribe to a URL and cannot send a bearer header, so a person's on-call feed is reached through a feed
// token of its own in the URL (/calendar/ikf_….ics): it reads that person's shifts and nothing else, is revocable on its own,
// and is never an API key (a key's text starts with ik_, which the feed refuses; a feed token is refused as a bearer key).
// Tokens are kept hashed in the API key store, as viewer records whose id starts with "feed-".
internal static class CalendarFeedEndpoints
{
    private const string TokenPrefix = "ikf_";
    private const string IdPrefix = "feed-";

    public static RouteGroupBuilder MapCalendarFeeds(this RouteGroupBuilder api)
    {
        var feeds = api.MapGroup("/oncall/feeds").WithTags("On call");
        feeds.MapPost("/", CreateAsync).WithName("CreateCalendarFeed")
            .WithSummary("Creates a calendar feed URL of the caller's own shifts, for a calendar app; the URL is shown once.");
        feeds.MapGet("/", ListAsync).WithName("ListCalendarFeeds").WithSummary("Lists the caller's calendar feeds (never their URLs).");
        feeds.MapDelete("/{feedId}", RevokeAsync).WithName("RevokeCalendarFeed").WithSummary("Revokes one of the caller's calendar feeds.");
        return api;
    }

    public static IEndpointRouteBuilder MapCalendarFeedDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/calendar/{token}.ics", FeedAsync).WithTags("On call").WithName("CalendarFeed")
            .WithSummary("Returns the shifts of the feed token's owner as an iCalendar feed; the token in the URL is the credential.")
            .Produces<string>(200, "text/calendar").AllowAnonymous().AddEndpointFilter(ProblemMapping.FilterAsync)
            .Add(ProblemMapping.MapBindingFailures);
        return endpoints;
    }

    private static async Task<Created<CreatedCalendarFeedResource>> CreateAsync(HttpContext context, IncidentApi api, IApiKeyStore store)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var record = new ApiKeyRecord(IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), ApiKeys.Hash(token), actor.Tenant, actor.User,
            [IncidentRole.Viewer], "calendar feed", api.Clock.GetCurrentInstant(), null);
        await store.AddAsync(record, context.RequestAborted).ConfigureAwait(false);
        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/calendar/{token}.ics";
        return TypedResults.Created($"/api/oncall/feeds/{record.Id}", new CreatedCalendarFeedResource(record.Id, url, record.User, record.CreatedAt));
    }

    private static async Task<Ok<IReadOnlyList<CalendarFeedResource>>> ListAsync(HttpContext context, IncidentApi api, IApiKeyStore store)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var all = await store.ListAsync(actor.Tenant, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<CalendarFeedResource>>([.. all.Where(k => IsFeedOf(k, actor)).Select(k => new CalendarFeedResource(k.Id, k.CreatedAt, k.RevokedAt))]);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(HttpContext context, IncidentApi api, IApiKeyStore store, string feedId)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var feed = await store.FindAsync(actor.Tenant, feedId, context.RequestAborted).ConfigureAwait(false);
        if (feed is null || !IsFeedOf(feed, actor))
        {
            throw ApiProblemException.NotFound($"You have no calendar feed '{feedId}'.");
        }

        await store.RevokeAsync(actor.Tenant, feedId, api.Clock.GetCurrentInstant(), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    // Unknown, revoked and malformed tokens (an API key among them) all answer the same 404, revealing nothing.
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FeedAsync(HttpContext context, IncidentApi api, IApiKeyStore store,
        OnCallRoster roster, string token, [FromQuery] int? days)
    {
        var record = token is { Length: > 40 and <= 100 } && token.StartsWith(TokenPrefix, StringComparison.Ordinal)
            ? await store.FindByHashAsync(ApiKeys.Hash(token), context.RequestAborted).ConfigureAwait(false)
            : null;
        if (record is not { IsRevoked: false } || !record.Id.StartsWith(IdPrefix, StringComparison.Ordinal))
        {
            throw ApiProblemException.NotFound("There is no such calendar feed.");
        }

        var owner = new IncidentActor(record.User, record.Tenant, record.Roles);
        api.Authorizer.Demand(owner, owner.Tenant, IncidentAction.Read);
        context.Response.Headers.CacheControl = "private, max-age=300";
        return OnCallEndpoints.ShiftsOf(api, roster, owner.Tenant, owner.User, days);
    }

    // A feed token's record (an API key's id never starts with the prefix: it is hex or a hash's hex).
    public static bool IsFeed(ApiKeyRecord key) => key.Id.StartsWith(IdPrefix, StringComparison.Ordinal);

    private static bool IsFeedOf(ApiKeyRecord key, IncidentActor actor) => IsFeed(key) && key.User == actor.User && key.Tenant == actor.Tenant;
}
