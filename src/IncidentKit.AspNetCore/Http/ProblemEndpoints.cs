using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Problems;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace IncidentKit.AspNetCore.Http;

// /api/problems: problem records (ITIL problem management). Anyone who may read incidents lists and reads them and sees the
// recurrence suggestions; creating, linking and moving need IncidentAction.ManageProblems. A problem or incident of another
// tenant is 404. Writes take If-Match (the problem's version, 412 when stale); POST, PATCH and DELETE take Idempotency-Key.
internal static class ProblemEndpoints
{
    public static RouteGroupBuilder MapProblems(this RouteGroupBuilder api)
    {
        var problems = api.MapGroup("/problems").WithTags("Problems");
        problems.MapGet("/", ListAsync).WithName("ListProblems")
            .WithSummary("Lists the tenant's problems, most recently changed first; ?state=open, known-error or resolved; ?max= up to 1000.");
        problems.MapGet("/suggestions", SuggestAsync).WithName("ProblemSuggestions")
            .WithSummary("Suggests problems: incidents opened in the last ?days= (default 30) that recur by service and category or alert fingerprint, ?min= (default 3) within ?window= days (default 7).");
        problems.MapGet("/{problemId:guid}", GetAsync).WithName("GetProblem").WithSummary("Returns a problem with its audit trail and the state moves permitted now.");
        problems.MapPost("/", CreateAsync).WithName("CreateProblem")
            .WithSummary("Opens a problem, typically from a suggestion's incidents; needs the responder role.")
            .Accepts<CreateProblemRequest>("application/json").AddEndpointFilter(Idempotency.FilterAsync);
        problems.MapPatch("/{problemId:guid}", UpdateAsync).WithName("UpdateProblem")
            .WithSummary("Changes a problem's owner, root cause or workaround and moves its state (known-error, resolved with a note, open again with a note); needs the responder role.")
            .Accepts<UpdateProblemRequest>("application/json").ProducesProblem(409).ProducesProblem(412).AddEndpointFilter(Idempotency.FilterAsync);
        problems.MapPost("/{problemId:guid}/incidents", LinkAsync).WithName("LinkProblemIncident")
            .WithSummary("Links an incident of the tenant to a problem; linking it again changes nothing; needs the responder role.")
            .Accepts<ProblemIncidentRequest>("application/json").ProducesProblem(412).AddEndpointFilter(Idempotency.FilterAsync);
        problems.MapDelete("/{problemId:guid}/incidents/{incidentId:guid}", UnlinkAsync).WithName("UnlinkProblemIncident")
            .WithSummary("Unlinks an incident from a problem; needs the responder role.").ProducesProblem(412).AddEndpointFilter(Idempotency.FilterAsync);
        return api;
    }

    private static async Task<Results<Ok<ProblemList>, ProblemHttpResult>> ListAsync(HttpContext context, IncidentApi api, [FromQuery] string? state, [FromQuery] int? max)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var size = max ?? 100;
        if (size is < 1 or > 1000)
        {
            throw ApiProblemException.BadField("max", "max must be 1 to 1000.");
        }

        var list = await ReviewEndpoints.StoreOf(context).ListProblemsAsync(actor.Tenant, state is null ? null : ParseState(state, "state"), size, context.RequestAborted)
            .ConfigureAwait(false);
        return TypedResults.Ok(new ProblemList([.. list.Select(ToResource)]));
    }

    private static async Task<Results<Ok<ProblemSuggestionList>, ProblemHttpResult>> SuggestAsync(HttpContext context, IncidentApi api,
        [FromQuery] int? days, [FromQuery] int? min, [FromQuery] int? window)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var span = days ?? 30;
        if (span is < 1 or > 366)
        {
            throw ApiProblemException.BadField("days", "days must be 1 to 366.");
        }

        var options = new RecurrenceOptions();
        options.MinIncidents = min ?? options.MinIncidents;
        Validated(options, "min", nameof(RecurrenceOptions.MinIncidents));
        options.WindowDays = window ?? options.WindowDays;
        Validated(options, "window", nameof(RecurrenceOptions.WindowDays));
        var to = api.Clock.GetCurrentInstant();
        var from = to - Duration.FromDays(span);
        var occurrences = new List<IncidentOccurrence>();
        await foreach (var history in api.Store.ReadActiveAsync(actor.Tenant, new Interval(from, to), context.RequestAborted).ConfigureAwait(false))
        {
            var occurrence = IncidentOccurrence.FromHistory(history.Events);
            if (occurrence.OpenedAt >= from)
            {
                occurrences.Add(occurrence);
            }
        }

        var known = await ReviewEndpoints.StoreOf(context).ListProblemsAsync(actor.Tenant, null, 1000, context.RequestAborted).ConfigureAwait(false);
        var suggestions = new RecurrenceDetector(options).Detect(occurrences, known.Select(p => p.Problem).Where(p => p.State != ProblemState.Resolved));
        return TypedResults.Ok(new ProblemSuggestionList(from, to, [.. suggestions.Select(s => new ProblemSuggestionResource(
            s.Key.Kind == RecurrenceKind.AlertFingerprint ? "alert-fingerprint" : "service-and-category", s.Key.Service, s.Key.Category?.Value,
            s.Key.Fingerprint is { } f ? (f.Source is null ? f.Key : $"{f.Source}/{f.Key}") : null, s.SuggestedTitle,
            [.. s.Evidence.Select(e => e.Incident)], s.FirstOpenedAt, s.LastOpenedAt))]));
    }

    // The options name themselves as the failing argument; the client sent one query parameter, checked one at a time.
    private static void Validated(RecurrenceOptions options, string field, string property)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            var detail = ex.Message.Split(" (Parameter", 2)[0].Replace("Invalid recurrence options: ", string.Empty, StringComparison.Ordinal);
            throw ApiProblemException.BadField(field, detail.Replace(property, field, StringComparison.Ordinal));
        }
    }

    private static async Task<Results<Ok<ProblemResource>, ProblemHttpResult>> GetAsync(HttpContext context, IncidentApi api, Guid problemId)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var stored = await FindAsync(context, actor, problemId).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(stored.Version);
        return TypedResults.Ok(ToResource(stored));
    }

    private static async Task<Results<Created<ProblemResource>, ProblemHttpResult>> CreateAsync(HttpContext context, IncidentApi api)
    {
        var actor = api.Demand(context, IncidentAction.ManageProblems);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.CreateProblemRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.BadField("body", "Send the problem as JSON: title, and optionally owner, incidents, rootCause, workaround.");
        var title = Bodies.Required(body.Title, "title", "one line naming the underlying cause");
        var incidents = body.Incidents ?? [];
        for (var i = 0; i < incidents.Count; i++)
        {
            await RequireIncidentAsync(api, actor, incidents[i], $"incidents[{i}]", context.RequestAborted).ConfigureAwait(false);
        }

        var now = api.Clock.GetCurrentInstant();
        var problem = ReviewEndpoints.Field(() => Problem.Open(ProblemId.New(), actor.Tenant, title, body.Owner ?? actor.User, now, actor.User, incidents), "title");
        problem = Fields(problem, body.Owner, body.RootCause, body.Workaround, now, actor.User);
        var version = await ReviewEndpoints.StoreOf(context).SaveProblemAsync(problem, 0, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(version);
        return TypedResults.Created($"/api/problems/{problem.Id}", ToResource(new StoredProblem(problem, version)));
    }

    private static async Task<Results<Ok<ProblemResource>, ProblemHttpResult>> UpdateAsync(HttpContext context, IncidentApi api, Guid problemId)
    {
        var actor = api.Demand(context, IncidentAction.ManageProblems);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.UpdateProblemRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.BadField("body", "Send the changes as JSON: owner, rootCause, workaround, state and note.");
        return await ChangeAsync(context, api, actor, problemId, (p, at) =>
        {
            p = Fields(p, body.Owner, body.RootCause, body.Workaround, at, actor.User);
            if (body.State is null || ParseState(body.State, "state") == p.State)
            {
                return p;
            }

            return ParseState(body.State, "state") switch
            {
                ProblemState.KnownError => p.DeclareKnownError(at, actor.User),
                ProblemState.Resolved => ReviewEndpoints.Field(() => p.Resolve(Bodies.Required(body.Note, "note", "the resolution: what removed the cause"), at, actor.User), "note"),
                _ => ReviewEndpoints.Field(() => p.Reopen(Bodies.Required(body.Note, "note", "why the problem is open again"), at, actor.User), "note"),
            };
        }).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<ProblemResource>, ProblemHttpResult>> LinkAsync(HttpContext context, IncidentApi api, Guid problemId)
    {
        var actor = api.Demand(context, IncidentAction.ManageProblems);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.ProblemIncidentRequest, context.RequestAborted).ConfigureAwait(false);
        var incident = body?.Incident ?? throw ApiProblemException.BadField("incident", "'incident' is required: the id of an incident of your tenant.");
        await RequireIncidentAsync(api, actor, incident, "incident", context.RequestAborted).ConfigureAwait(false);
        return await ChangeAsync(context, api, actor, problemId, (p, at) => ReviewEndpoints.Field(() => p.LinkIncident(incident, at, actor.User), "incident"))
            .ConfigureAwait(false);
    }

    private static async Task<Results<Ok<ProblemResource>, ProblemHttpResult>> UnlinkAsync(HttpContext context, IncidentApi api, Guid problemId, Guid incidentId)
    {
        var actor = api.Demand(context, IncidentAction.ManageProblems);
        var incident = IncidentApi.ToId(incidentId);
        return await ChangeAsync(context, api, actor, problemId, (p, at) =>
            p.Incidents.Contains(incident) ? p.UnlinkIncident(incident, at, actor.User) : throw ApiProblemException.NotFound($"The problem does not link incident {incident}."))
            .ConfigureAwait(false);
    }

    private static async Task<Results<Ok<ProblemResource>, ProblemHttpResult>> ChangeAsync(HttpContext context, IncidentApi api, IncidentActor actor, Guid problemId,
        Func<Problem, Instant, Problem> change)
    {
        var stored = await FindAsync(context, actor, problemId).ConfigureAwait(false);
        ReviewEndpoints.CheckIfMatch(context, stored.Version, "problem");
        // A problem's entries are in order: a clock behind the last change (another node's) records at that change instead.
        var at = Instant.Max(api.Clock.GetCurrentInstant(), stored.Problem.LastChangedAt);
        var changed = change(stored.Problem, at);
        var version = ReferenceEquals(changed, stored.Problem) ? stored.Version
            : await ReviewEndpoints.StoreOf(context).SaveProblemAsync(changed, stored.Version, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(version);
        return TypedResults.Ok(ToResource(new StoredProblem(changed, version)));
    }

    private static Problem Fields(Problem p, UserId? owner, string? rootCause, string? workaround, Instant at, UserId actor)
    {
        if (owner is { } o && o != p.Owner)
        {
            p = ReviewEndpoints.Field(() => p.AssignOwner(o, at, actor), "owner");
        }

        if (rootCause is not null && rootCause != p.RootCause)
        {
            p = ReviewEndpoints.Field(() => p.RecordRootCause(rootCause, at, actor), "rootCause");
        }

        if (workaround is not null && workaround != p.Workaround)
        {
            p = ReviewEndpoints.Field(() => p.RecordWorkaround(workaround, at, actor), "workaround");
        }

        return p;
    }

    private static async Task<StoredProblem> FindAsync(HttpContext context, IncidentActor actor, Guid problemId) =>
        problemId == Guid.Empty ? throw ApiProblemException.NotFound("There is no such problem.")
        : await ReviewEndpoints.StoreOf(context).FindProblemOrNullAsync(actor.Tenant, new ProblemId(problemId), context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("There is no such problem.");

    // An incident of another tenant is as unknown as one that does not exist, and is named as the field the client sent.
    private static async Task RequireIncidentAsync(IncidentApi api, IncidentActor actor, IncidentId incident, string field, CancellationToken cancellationToken)
    {
        if (incident.Value == Guid.Empty || !(await api.Store.ReadAsync(actor.Tenant, incident, 0, cancellationToken).ConfigureAwait(false)).Exists)
        {
            throw ApiProblemException.BadField(field, $"Your tenant has no incident {incident}.");
        }
    }

    private static ProblemState ParseState(string text, string field) => text.ToLowerInvariant() switch
    {
        "open" => ProblemState.Open,
        "known-error" => ProblemState.KnownError,
        "resolved" => ProblemState.Resolved,
        _ => throw ApiProblemException.BadField(field, $"'{text}' is not a problem state; expected open, known-error or resolved."),
    };

    internal static string StateName(ProblemState state) => state switch
    {
        ProblemState.Open => "open",
        ProblemState.KnownError => "known-error",
        _ => "resolved",
    };

    private static ProblemResource ToResource(StoredProblem stored)
    {
        var p = stored.Problem;
        return new ProblemResource(p.Id.Value, stored.Version, p.Title, StateName(p.State), p.Owner, p.RootCause, p.Workaround, p.Resolution, p.Incidents,
            p.OpenedAt, p.LastChangedAt, [.. p.History.Select(h => new ProblemEntryResource(h.At, h.Actor, ApiText.CamelCase(h.Kind.ToString()), h.Detail))],
            [.. Problem.PermittedMoves(p.State).Where(p.CanMoveTo).Select(StateName)]);
    }
}
