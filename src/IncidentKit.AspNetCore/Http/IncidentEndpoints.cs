using IncidentKit.Authorization;
using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.AspNetCore.Http;

// /api/incidents: list, read, timeline, open and the commands. Handlers stay short: the tenant and actor come from the
// principal (IncidentApi.Demand), failures are thrown and mapped once (ProblemMapping), retries are answered once (Idempotency).
internal static class IncidentEndpoints
{
    private static readonly IncidentKitApiJsonContext Json = IncidentKitApiJsonContext.Default;

    public static RouteGroupBuilder MapIncidents(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/incidents").WithTags("Incidents");
        group.MapGet("/", ListAsync).WithName("ListIncidents").WithSummary("Lists the caller's tenant's incidents, filtered and paged.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetIncident").WithSummary("Returns an incident with its SLA clocks, escalation and the commands permitted now.");
        group.MapGet("/{id:guid}/timeline", TimelineAsync).WithName("GetIncidentTimeline").WithSummary("Returns an incident's events, oldest first.");
        group.MapPost("/", OpenAsync).WithName("OpenIncident").WithSummary("Opens an incident.")
            .Accepts<OpenIncidentRequest>("application/json").AddEndpointFilter(Idempotency.FilterAsync);

        MapCommand<EmptyBody>(group, "acknowledge", IncidentCommand.Acknowledge, (i, _, at, who) => i.Acknowledge(at, who));
        MapCommand<EmptyBody>(group, "start", IncidentCommand.StartWork, (i, _, at, who) => i.StartWork(at, who));
        MapCommand<ReasonRequest>(group, "hold", IncidentCommand.PutOnHold,
            (i, b, at, who) => i.PutOnHold(Bodies.Required(b?.Reason, "reason", "why the incident waits"), at, who));
        MapCommand<EmptyBody>(group, "resume", IncidentCommand.Resume, (i, _, at, who) => i.Resume(at, who));
        MapCommand<AssignRequest>(group, "assign", IncidentCommand.Assign, (i, b, at, who) =>
        {
            if (b?.Assignee is null && string.IsNullOrWhiteSpace(b?.AssignmentGroup))
            {
                throw ApiProblemException.BadField("assignee", "Give an assignee, an assignmentGroup, or both.");
            }

            i.Assign(b.Assignee, b.AssignmentGroup, at, who);
        });
        MapCommand<NoteRequest>(group, "note", IncidentCommand.AddWorkNote,
            (i, b, at, who) => i.AddWorkNote(Bodies.Required(b?.Text, "text", "the note"), at, who));
        MapCommand<DiagnoseRequest>(group, "diagnose", IncidentCommand.RecordDiagnosis, (i, b, at, who) =>
            i.RecordDiagnosis(b?.Stage ?? throw ApiProblemException.BadField("stage", "'stage' is required: Symptoms, SuspectedCause or ConfirmedRootCause."),
                Bodies.Required(b.Text, "text", "what was found"), at, who));
        MapCommand<StatusUpdateRequest>(group, "status-update", IncidentCommand.PostStatusUpdate, (i, b, at, who) =>
            i.PostStatusUpdate(Bodies.Required(b?.Text, "text", "the update"), b!.Audience ?? Audience.Internal, at, who));
        MapCommand<PriorityRequest>(group, "priority", IncidentCommand.ChangePriority, (i, b, at, who) =>
        {
            if (b?.Priority is { } p)
            {
                i.OverridePriority(p, Bodies.Required(b.Reason, "reason", "why the priority is overridden"), at, who);
            }
            else
            {
                i.Reassess(b?.Impact ?? i.Impact, b?.Urgency ?? i.Urgency, b?.Reason, at, who);
            }
        });
        MapCommand<ResolveRequest>(group, "resolve", IncidentCommand.Resolve, (i, b, at, who) =>
            i.Resolve(Bodies.Required(b?.Code, "code", "a short resolution code such as fixed"), Bodies.Required(b!.Notes, "notes", "what was done"), at, who));
        MapCommand<EmptyBody>(group, "close", IncidentCommand.Close, (i, _, at, who) => i.Close(at, who));
        MapCommand<ReasonRequest>(group, "reopen", IncidentCommand.Reopen,
            (i, b, at, who) => i.Reopen(Bodies.Required(b?.Reason, "reason", "why it is not fixed"), at, who));
        MapCommand<ReasonRequest>(group, "cancel", IncidentCommand.Cancel,
            (i, b, at, who) => i.Cancel(Bodies.Required(b?.Reason, "reason", "why it was logged in error"), at, who));
        group.MapMajorIncidents();
        MapCommand<VerifyRequest>(group, "verify", null, (i, b, at, who) =>
        {
            // The reporter or the owner verifies: confirming closes, rejecting reopens (the resolution did not hold).
            if (b?.Confirm is not { } confirm)
            {
                throw ApiProblemException.BadField("confirm", "'confirm' is required: true closes the incident, false reopens it (with a reason).");
            }

            if (i.State == IncidentState.Resolved && !(i.ReportedBy == who || i.Assignee == who))
            {
                throw new IncidentKit.Authorization.IncidentAccessDeniedException(
                    new IncidentActor(who, i.Tenant, []), IncidentAction.VerifyResolution, $"Only the reporter ({i.ReportedBy}) or the owner may verify the resolution.");
            }

            if (confirm)
            {
                i.Close(at, who);
            }
            else
            {
                i.Reopen(Bodies.Required(b.Reason, "reason", "why the resolution did not hold"), at, who);
            }
        });
        return group;
    }

    private static async Task<Results<Ok<IncidentListPage>, ProblemHttpResult>> ListAsync(
        HttpContext context, IncidentApi api,
        [FromQuery] string? status, [FromQuery, WireText(typeof(IncidentKit.Prioritization.Priority))] string? priority, [FromQuery] string? service,
        [FromQuery, WireText(typeof(CategoryPath))] string? category, [FromQuery, WireText(typeof(UserId))] string? assignee, [FromQuery] bool? breached,
        [FromQuery, WireText(typeof(Instant))] string? openedFrom, [FromQuery, WireText(typeof(Instant))] string? openedTo,
        [FromQuery] int? pageSize, [FromQuery] string? continuationToken, [FromQuery] string? include)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var ct = context.RequestAborted;
        var size = pageSize ?? 50;
        if (size < 1 || size > api.Options.MaxPageSize)
        {
            throw ApiProblemException.BadField("pageSize", $"pageSize must be 1 to {api.Options.MaxPageSize}.");
        }

        var from = ParseInstant(openedFrom, "openedFrom");
        var to = ParseInstant(openedTo, "openedTo");
        var withSla = include is not null && include.Split(',').Contains("sla", StringComparer.OrdinalIgnoreCase);
        var query = new IncidentQuery
        {
            States = ParseStates(status),
            Priority = IncidentApi.ParsePriority(priority),
            Assignee = assignee is null ? null : Field(() => new UserId(assignee), "assignee"),
            Category = category is null ? null : Field(() => new CategoryPath(category), "category"),
            ContinuationToken = continuationToken,
        };

        // The store filters by state, priority, assignee and category; service, opening window and breach are checked here,
        // reading on until the page is full, and the token names the last incident looked at so no match is skipped.
        var postFilter = service is not null || from is not null || to is not null || breached is not null;
        query = query with { PageSize = postFilter ? Math.Min(1000, size * 4) : size };
        var now = api.Clock.GetCurrentInstant();
        var items = new List<IncidentListItem>(size);
        string? next = null;
        while (true)
        {
            IncidentPage page;
            try
            {
                page = await api.Store.ListAsync(actor.Tenant, query, ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw ApiProblemException.BadField("continuationToken", ex.Message.Split(" (Parameter")[0]);
            }

            var stop = false;
            for (var n = 0; n < page.Items.Count; n++)
            {
                var s = page.Items[n];
                if (to is { } t && s.OpenedAt >= t)
                {
                    stop = true;
                    break;
                }

                if ((service is null || string.Equals(s.Service, service, StringComparison.OrdinalIgnoreCase))
                    && (from is not { } f || s.OpenedAt >= f)
                    && (breached is not { } b || await api.IsBreachedAsync(s, now, ct).ConfigureAwait(false) == b))
                {
                    SlaResource? sla = null;
                    if (withSla)
                    {
                        var history = await api.Store.ReadAsync(actor.Tenant, s.Id, 0, ct).ConfigureAwait(false);
                        sla = api.SlaOf(history.Events, now);
                    }

                    items.Add(IncidentApi.ToListItem(s, sla));
                    if (items.Count == size)
                    {
                        var lastOfAll = n == page.Items.Count - 1 && page.ContinuationToken is null;
                        next = lastOfAll ? null : ContinuationToken.Format(s);
                        stop = true;
                        break;
                    }
                }
            }

            if (stop || page.ContinuationToken is null)
            {
                break;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }

        return TypedResults.Ok(new IncidentListPage(items, next));
    }

    private static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> GetAsync(HttpContext context, IncidentApi api, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var incident = await api.LoadAsync(actor, id, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(incident.Version);
        return TypedResults.Ok(api.ToResource(incident, actor));
    }

    private static async Task<Results<Ok<TimelineResource>, ProblemHttpResult>> TimelineAsync(HttpContext context, IncidentApi api, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var history = await api.Store.ReadAsync(actor.Tenant, IncidentApi.ToId(id), 0, context.RequestAborted).ConfigureAwait(false);
        if (!history.Exists)
        {
            throw new IncidentNotFoundException(actor.Tenant, IncidentApi.ToId(id));
        }

        context.Response.Headers.ETag = ApiText.ETagOf(history.Version);
        return TypedResults.Ok(new TimelineResource(history.Incident, history.Version,
            [.. history.Events.Select((e, n) => TimelineEntries.From(e, history.FromVersion + n + 1))]));
    }

    private static async Task<Results<Created<IncidentResource>, ProblemHttpResult>> OpenAsync(HttpContext context, IncidentApi api)
    {
        var actor = api.Demand(context, IncidentAction.Open);
        var body = await Bodies.ReadAsync(context.Request, Json.OpenIncidentRequest, context.RequestAborted).ConfigureAwait(false);
        var incident = await api.Service.OpenAsync(actor.Tenant, api.ToNewIncident(body), actor.User, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(incident.Version);
        return TypedResults.Created($"/api/incidents/{incident.Id}", api.ToResource(incident, actor));
    }

    private static void MapCommand<TBody>(RouteGroupBuilder group, string route, IncidentCommand? command, Action<Incident, TBody?, Instant, UserId> decide)
        where TBody : class =>
        MapCommand<TBody>(group, route, command is { } c ? IncidentActions.Of(c) : IncidentAction.VerifyResolution, (i, b, at, actor) => decide(i, b, at, actor.User));

    // Every command: the tenant rule before loading, then the incident's own rule (MajorIncidentAuthorization: on a major
    // incident only its commander or an admin changes roles or priority or stands it down) on the incident as loaded.
    internal static void MapCommand<TBody>(RouteGroupBuilder group, string route, IncidentAction action, Action<Incident, TBody?, Instant, IncidentActor> decide)
        where TBody : class
    {
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TBody>?)Json.GetTypeInfo(typeof(TBody));
        var builder = group.MapPost($"/{{id:guid}}/{route}", async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> (HttpContext context, IncidentApi api, Guid id) =>
        {
            var actor = api.Demand(context, action);
            var body = typeInfo is null ? null : await Bodies.ReadAsync(context.Request, typeInfo, context.RequestAborted).ConfigureAwait(false);
            long? expected = null;
            var ifMatch = context.Request.Headers.IfMatch.ToString();
            if (ifMatch.Length > 0 && ifMatch != "*")
            {
                expected = ApiText.TryParseETag(ifMatch, out var v) ? v : throw ApiProblemException.BadField("If-Match", "If-Match takes the ETag of the incident, such as \"5\".");
            }

            var incident = await api.Service.ExecuteAsync(actor.Tenant, IncidentApi.ToId(id), (i, at) =>
            {
                if (expected is { } e && i.Version != e)
                {
                    throw new ApiProblemException(412, "The incident changed since you read it.",
                        $"If-Match expected version {e} but the incident is at version {i.Version}; read it again and decide again.")
                    { CurrentVersion = i.Version };
                }

                MajorIncidents.MajorIncidentAuthorization.Demand(api.Authorizer, actor, i, action);
                decide(i, body, at, actor);
            }, context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers.ETag = ApiText.ETagOf(incident.Version);
            return TypedResults.Ok(api.ToResource(incident, actor));
        }).WithName($"Incident{Pascal(route)}").WithSummary($"Runs the {route} command on an incident.").AddEndpointFilter(Idempotency.FilterAsync);
        if (typeInfo is not null)
        {
            builder.Accepts<TBody>(isOptional: false, "application/json");
        }
    }

    private static string Pascal(string route) =>
        string.Concat(route.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static IReadOnlyList<IncidentState> ParseStates(string? status)
    {
        if (string.IsNullOrWhiteSpace(status) || status.Equals("open", StringComparison.OrdinalIgnoreCase))
        {
            return IncidentQuery.Open.States;
        }

        if (status.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Enum.GetValues<IncidentState>();
        }

        var states = new List<IncidentState>();
        foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            states.Add(ApiText.TryParseState(part, out var s)
                ? s
                : throw ApiProblemException.BadField("status", $"'{part}' is not a state; expected open, all, or a list of new, acknowledged, in-progress, on-hold, resolved, closed, cancelled."));
        }

        return states;
    }

    private static Instant? ParseInstant(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        var result = InstantPattern.ExtendedIso.Parse(text);
        return result.Success ? result.Value : throw ApiProblemException.BadField(field, $"'{text}' is not an ISO-8601 UTC instant such as 2026-06-15T14:00:00Z.");
    }

    private static T Field<T>(Func<T> make, string field)
    {
        try
        {
            return make();
        }
        catch (ArgumentException ex)
        {
            throw ApiProblemException.BadField(field, ex.Message.Split(" (Parameter")[0]);
        }
    }

    // Commands without a body still accept an empty one (or none).
    internal sealed record EmptyBody;
}
