using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.AspNetCore.Http;

// /api/incidents/{id}/review (GET, PUT, /markdown), /api/incidents/{id}/review/action-items (POST, PATCH) and /api/action-items:
// post-incident reviews over HTTP. A review is stored with its authored part; every answer regenerates the history part from
// the incident's current events (ReviewContext from the host's ReviewDraftOptions, the timeline in the reader's ?zone=), so it
// never shows a stale timeline. The tenant is the principal's; another tenant's incident or review is 404, as everywhere.
// Writes take If-Match (the review's version, 412 when stale) and, for POST and PATCH, Idempotency-Key.
internal static class ReviewEndpoints
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    public static RouteGroupBuilder MapReviews(this RouteGroupBuilder api)
    {
        var review = api.MapGroup("/incidents/{id:guid}/review").WithTags("Reviews");
        review.MapGet("/", GetAsync).WithName("GetReview")
            .WithSummary("Returns the incident's post-incident review as the JSON export, regenerated from its history; ?zone= shows the timeline in an IANA zone.")
            .Produces<PostIncidentReview>(200, "application/json");
        review.MapGet("/markdown", MarkdownAsync).WithName("GetReviewMarkdown")
            .WithSummary("Returns the incident's post-incident review as CommonMark, regenerated from its history; ?zone= shows the timeline in an IANA zone.")
            .Produces<string>(200, "text/markdown");
        review.MapPut("/", PutAsync).WithName("PutReview")
            .WithSummary("Creates or replaces what the review's authors wrote (summary, root cause, mitigation, contributing factors, what went well and badly; owner and status when given); needs the responder role.")
            .Accepts<ReviewRequest>("application/json").Produces<PostIncidentReview>(200, "application/json").Produces<PostIncidentReview>(201, "application/json")
            .ProducesProblem(409).ProducesProblem(412).AddEndpointFilter(Idempotency.FilterAsync);
        review.MapPost("/action-items", AddItemAsync).WithName("AddActionItem")
            .WithSummary("Adds an action item to the review, due on a date or a number of business days from now; needs the responder role.")
            .Accepts<AddActionItemRequest>("application/json").ProducesProblem(409).ProducesProblem(412).AddEndpointFilter(Idempotency.FilterAsync);
        review.MapPatch("/action-items/{itemId:guid}", UpdateItemAsync).WithName("UpdateActionItem")
            .WithSummary("Changes an action item's status, owner, due date or ticket link; needs the responder role.")
            .Accepts<UpdateActionItemRequest>("application/json").ProducesProblem(409).ProducesProblem(412).AddEndpointFilter(Idempotency.FilterAsync);
        api.MapGet("/action-items", ListItemsAsync).WithTags("Reviews").WithName("ListActionItems")
            .WithSummary("Lists the tenant's action items across reviews, earliest due first; ?owner=, ?pending=false for finished ones too, ?max= up to 1000.");
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext context, IncidentApi api, Guid id, [FromQuery] string? zone)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var (_, stored, review) = await ReadAsync(context, api, actor, id, zone).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(stored.Version);
        return TypedResults.Text(ReviewJson.Serialize(review), "application/json");
    }

    private static async Task<IResult> MarkdownAsync(HttpContext context, IncidentApi api, Guid id, [FromQuery] string? zone)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var (_, stored, review) = await ReadAsync(context, api, actor, id, zone).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(stored.Version);
        return TypedResults.Text(ReviewMarkdown.Write(review), "text/markdown; charset=utf-8");
    }

    private static async Task<IResult> PutAsync(HttpContext context, IncidentApi api, Guid id, [FromQuery] string? zone)
    {
        var actor = api.Demand(context, IncidentAction.WriteReview);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.ReviewRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.BadField("body", "Send the review's authored fields as JSON: owner, status, summary, rootCause, mitigatedAt, contributingFactors, wentWell, wentBadly.");
        var store = StoreOf(context);
        var history = await HistoryAsync(api, actor, id, context.RequestAborted).ConfigureAwait(false);
        var stored = await store.FindReviewOrNullAsync(actor.Tenant, history.Incident, context.RequestAborted).ConfigureAwait(false);
        var expected = stored?.Version ?? 0;
        CheckIfMatch(context, expected, "review");
        var authoring = new ReviewAuthoring
        {
            // Left out, the owner and status stay as stored (a draft made on resolution names its owner); the texts are replaced.
            Owner = body.Owner ?? stored?.Review.ToAuthoring().Owner,
            Status = body.Status is null ? stored?.Review.Status ?? ReviewStatus.Draft : ParseStatus(body.Status),
            Summary = body.Summary,
            RootCause = body.RootCause,
            MitigatedAt = body.MitigatedAt,
            ContributingFactors = body.ContributingFactors ?? [],
            WentWell = body.WentWell ?? [],
            WentBadly = body.WentBadly ?? [],
            ActionItems = stored?.Review.ActionItems ?? [],
        };
        var review = Generate(context, api, history, authoring, zone);
        var version = await store.SaveReviewAsync(review, expected, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(version);
        var json = ReviewJson.Serialize(review);
        if (stored is null)
        {
            context.Response.Headers.Location = $"/api/incidents/{history.Incident}/review";
            return TypedResults.Text(json, "application/json", statusCode: 201);
        }

        return TypedResults.Text(json, "application/json");
    }

    private static async Task<Results<Created<ActionItemResource>, ProblemHttpResult>> AddItemAsync(HttpContext context, IncidentApi api, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.WriteReview);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.AddActionItemRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.BadField("body", "Send the item as JSON: title, owner, and dueOn (yyyy-MM-dd) or businessDays, and optionally ticket.");
        var now = api.Clock.GetCurrentInstant();
        var calendar = OptionsOf(context).Calendar;
        var title = Bodies.Required(body.Title, "title", "what is to be done, one line");
        var owner = body.Owner ?? throw ApiProblemException.BadField("owner", "'owner' is required: who does it.");
        var ticket = ParseTicket(body.Ticket);
        ActionItem item;
        if (body.BusinessDays is { } days)
        {
            if (body.DueOn is not null)
            {
                throw ApiProblemException.BadField("dueOn", "Give either dueOn or businessDays, not both.");
            }

            item = Field(() => ActionItem.Plan(Guid.NewGuid(), title, owner, now, days, calendar, ticket), "businessDays", ("days", "businessDays"));
        }
        else
        {
            var dueOn = ParseDate(body.DueOn ?? throw ApiProblemException.BadField("dueOn", "Give dueOn (yyyy-MM-dd) or businessDays."));
            item = Field(() => new ActionItem(Guid.NewGuid(), title, owner, dueOn, EndOf(dueOn, calendar, now), ActionItemStatus.Open, ticket), "title");
        }

        var (history, version) = await ChangeItemsAsync(context, api, actor, id, items => [.. items, item]).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(version);
        return TypedResults.Created($"/api/incidents/{history.Incident}/review/action-items/{item.Id}", ToResource(history.Incident, item, now));
    }

    private static async Task<Results<Ok<ActionItemResource>, ProblemHttpResult>> UpdateItemAsync(HttpContext context, IncidentApi api, Guid id, Guid itemId)
    {
        var actor = api.Demand(context, IncidentAction.WriteReview);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.UpdateActionItemRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.BadField("body", "Send the changes as JSON: status, owner, dueOn or ticket.");
        var now = api.Clock.GetCurrentInstant();
        var calendar = OptionsOf(context).Calendar;
        ActionItem? changed = null;
        var (history, version) = await ChangeItemsAsync(context, api, actor, id, items =>
        {
            var index = items.ToList().FindIndex(a => a.Id == itemId);
            if (index < 0)
            {
                throw ApiProblemException.NotFound($"The review has no action item {itemId}.");
            }

            var old = items[index];
            var dueOn = body.DueOn is null ? old.DueOn : ParseDate(body.DueOn);
            var dueAt = body.DueOn is null ? old.DueAt : EndOf(dueOn, calendar, now);
            var ticket = body.Ticket is null ? old.Ticket : body.Ticket.Length == 0 ? null : ParseTicket(body.Ticket);
            changed = Field(() => new ActionItem(old.Id, old.Title, body.Owner ?? old.Owner, dueOn, dueAt,
                body.Status is null ? old.Status : ParseItemStatus(body.Status), ticket), "owner");
            return [.. items.Take(index), changed, .. items.Skip(index + 1)];
        }).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(version);
        return TypedResults.Ok(ToResource(history.Incident, changed!, now));
    }

    private static async Task<Ok<ActionItemList>> ListItemsAsync(HttpContext context, IncidentApi api, [FromQuery] string? owner, [FromQuery] bool? pending, [FromQuery] int? max)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var size = max ?? 100;
        if (size is < 1 or > 1000)
        {
            throw ApiProblemException.BadField("max", "max must be 1 to 1000.");
        }

        var who = owner is null ? (UserId?)null : Field(() => new UserId(owner), "owner");
        var items = await StoreOf(context).ListActionItemsAsync(actor.Tenant, who, pending ?? true, size, context.RequestAborted).ConfigureAwait(false);
        var now = api.Clock.GetCurrentInstant();
        return TypedResults.Ok(new ActionItemList([.. items.Select(r => ToResource(r.Incident, r.Item, now))]));
    }

    // Reads, changes and saves the review's action items under the review's version (If-Match when given).
    private static async Task<(IncidentHistory History, long Version)> ChangeItemsAsync(HttpContext context, IncidentApi api, IncidentActor actor, Guid id,
        Func<IReadOnlyList<ActionItem>, IReadOnlyList<ActionItem>> change)
    {
        var store = StoreOf(context);
        var history = await HistoryAsync(api, actor, id, context.RequestAborted).ConfigureAwait(false);
        var stored = await store.FindReviewOrNullAsync(actor.Tenant, history.Incident, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("The incident has no review yet; PUT /review starts one.");
        CheckIfMatch(context, stored.Version, "review");
        var items = change(stored.Review.ActionItems);
        if (items.SequenceEqual(stored.Review.ActionItems))
        {
            // Nothing changed: no new version, so writers holding the current ETag are not sent a 412 for a change that never happened.
            return (history, stored.Version);
        }

        var authoring = stored.Review.ToAuthoring() with { ActionItems = items };
        var review = Generate(context, api, history, authoring, stored.Review.TimeZone);
        return (history, await store.SaveReviewAsync(review, stored.Version, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<(IncidentHistory History, StoredReview Stored, PostIncidentReview Review)> ReadAsync(
        HttpContext context, IncidentApi api, IncidentActor actor, Guid id, string? zone)
    {
        var history = await HistoryAsync(api, actor, id, context.RequestAborted).ConfigureAwait(false);
        var stored = await StoreOf(context).FindReviewOrNullAsync(actor.Tenant, history.Incident, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("The incident has no review yet; PUT /review starts one.");
        return (history, stored, Generate(context, api, history, stored.Review.ToAuthoring(), zone ?? stored.Review.TimeZone));
    }

    private static async Task<IncidentHistory> HistoryAsync(IncidentApi api, IncidentActor actor, Guid id, CancellationToken cancellationToken)
    {
        var history = await api.Store.ReadAsync(actor.Tenant, IncidentApi.ToId(id), 0, cancellationToken).ConfigureAwait(false);
        return history.Exists ? history : throw new IncidentNotFoundException(actor.Tenant, IncidentApi.ToId(id));
    }

    private static PostIncidentReview Generate(HttpContext context, IncidentApi api, IncidentHistory history, ReviewAuthoring authoring, string? zone)
    {
        var options = OptionsOf(context);
        var readerZone = zone is null ? options.TimeZone
            : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? throw ApiProblemException.BadField("zone", $"'{zone}' is not an IANA time zone id, e.g. Europe/Berlin.");
        try
        {
            return PostIncidentReview.Generate(history, authoring,
                new ReviewContext(readerZone, api.Clock.GetCurrentInstant()) { Calendar = options.Calendar, DueRule = options.DueRule });
        }
        catch (ArgumentException e) when (e.ParamName is nameof(ReviewAuthoring) or "authoring")
        {
            // The authored part lists its problems as "path: message"; the first names the field.
            var text = e.Message.Split(" (Parameter", 2)[0];
            var detail = text.StartsWith("Invalid review: ", StringComparison.Ordinal) ? text["Invalid review: ".Length..] : text;
            var field = detail.Split([':', ' ', '('], 2)[0];
            throw ApiProblemException.BadField(field.Length == 0 ? "body" : field, detail);
        }
    }

    internal static IReviewStore? StoreOrNull(HttpContext context) =>
        context.RequestServices.GetService<IReviewStore>() ?? context.RequestServices.GetService<IOutboxStore>() as IReviewStore;

    internal static IReviewStore StoreOf(HttpContext context) =>
        StoreOrNull(context) ?? throw ApiProblemException.NotFound("This host keeps no reviews or problems: its store does not implement IReviewStore.");

    internal static ReviewDraftOptions OptionsOf(HttpContext context) =>
        context.RequestServices.GetService<IOptions<ReviewDraftOptions>>()?.Value ?? new ReviewDraftOptions();

    // If-Match names the version the client read; "*" or none writes over whatever is stored.
    internal static void CheckIfMatch(HttpContext context, long current, string what)
    {
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0 || ifMatch == "*")
        {
            return;
        }

        if (!ApiText.TryParseETag(ifMatch, out var expected))
        {
            throw ApiProblemException.BadField("If-Match", $"If-Match takes the ETag of the {what}, such as \"3\".");
        }

        if (expected != current)
        {
            throw new ApiProblemException(412, $"The {what} changed since you read it.",
                $"If-Match expected version {expected} but the {what} is at version {current}; read it again and decide again.")
            { CurrentVersion = current };
        }
    }

    // Runs a domain call whose ArgumentException names its parameter; the request's field is that name, unless the request calls it
    // otherwise (rename: the domain's parameter and the request's field, e.g. ActionItem.Plan's days is the request's businessDays).
    internal static T Field<T>(Func<T> make, string field, (string Parameter, string Field)? rename = null)
    {
        try
        {
            return make();
        }
        catch (ArgumentException ex)
        {
            var name = string.IsNullOrEmpty(ex.ParamName) ? field
                : rename is { } r && ex.ParamName == r.Parameter ? r.Field
                : ApiText.CamelCase(ex.ParamName);
            throw ApiProblemException.BadField(name, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static ActionItemResource ToResource(IncidentId incident, ActionItem a, Instant now) =>
        new(a.Id, incident, a.Title, a.Owner, a.DueOn, a.DueAt, StatusName(a.Status), a.Ticket?.AbsoluteUri, a.IsOverdueAt(now));

    private static Instant EndOf(LocalDate date, Calendars.BusinessCalendar calendar, Instant now) =>
        date.PlusDays(1).AtStartOfDayInZone(BusinessDays.ZoneAt(calendar, now)).ToInstant();

    // The item is overdue from the start of the day after its due date, so that day must exist: 9999-12-31 has none.
    private static LocalDate ParseDate(string text)
    {
        var parsed = IsoDate.Parse(text);
        return parsed.Success && parsed.Value.Year is >= 1 and <= 9998 ? parsed.Value
            : throw ApiProblemException.BadField("dueOn", $"'{text}' is not a date from 0001-01-01 to 9998-12-31; expected yyyy-MM-dd, e.g. 2026-03-09.");
    }

    private static Uri? ParseTicket(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri
        : throw ApiProblemException.BadField("ticket", $"'{text}' is not an absolute http or https address of the item in a tracker.");

    private static ReviewStatus ParseStatus(string text) => text.ToLowerInvariant() switch
    {
        "draft" => ReviewStatus.Draft,
        "published" => ReviewStatus.Published,
        _ => throw ApiProblemException.BadField("status", $"'{text}' is not a review status; expected draft or published."),
    };

    private static ActionItemStatus ParseItemStatus(string text) => text.ToLowerInvariant() switch
    {
        "open" => ActionItemStatus.Open,
        "in-progress" => ActionItemStatus.InProgress,
        "done" => ActionItemStatus.Done,
        "cancelled" => ActionItemStatus.Cancelled,
        _ => throw ApiProblemException.BadField("status", $"'{text}' is not an action item status; expected open, in-progress, done or cancelled."),
    };

    private static string StatusName(ActionItemStatus status) => status switch
    {
        ActionItemStatus.Open => "open",
        ActionItemStatus.InProgress => "in-progress",
        ActionItemStatus.Done => "done",
        _ => "cancelled",
    };
}
