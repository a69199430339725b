using IncidentKit.Authorization;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.AspNetCore.Http;

// What the incident endpoints share: who is asking, the authoriser check, loading within the caller's tenant, and turning
// incidents into resources. Every path here starts from the principal's tenant; nothing takes a tenant from the request.
internal sealed class IncidentApi(IServiceProvider services, IOptions<IncidentKitApiOptions> options)
{
    // The host's own engine wins; otherwise the one the worker builds from the options (policies over the named calendars).
    private readonly SlaEngine? _sla = services.GetService<SlaEngine>()
        ?? (services.GetService<IOptions<IncidentKit.Hosting.IncidentKitOptions>>()?.Value is { SlaPolicies: { } policies } o
            ? new SlaEngine(policies, o.Calendars.ToDictionary(StringComparer.Ordinal))
            : null);

    private readonly TimeSpan? _autoClose = services.GetService<IOptions<IncidentKit.Hosting.IncidentKitOptions>>()?.Value.AutoCloseResolvedAfter;

    public IncidentService Service { get; } = services.GetRequiredService<IncidentService>();

    public IIncidentStore Store { get; } = services.GetRequiredService<IIncidentStore>();

    public IClock Clock { get; } = services.GetRequiredService<IClock>();

    public IIncidentAuthorizer Authorizer { get; } = services.GetRequiredService<IIncidentAuthorizer>();

    public IncidentKitApiOptions Options { get; } = options.Value;

    public static IncidentActor ActorOf(HttpContext context) =>
        context.User.TryGetActor(out var actor)
            ? actor
            : throw new IncidentAccessDeniedException(new IncidentActor(new UserId("anonymous"), new TenantId("none"), []), IncidentAction.Read,
                "The credentials name no user and tenant.");

    public IncidentActor Demand(HttpContext context, IncidentAction action)
    {
        var actor = ActorOf(context);
        Authorizer.Demand(actor, actor.Tenant, action);
        return actor;
    }

    public async Task<Incident> LoadAsync(IncidentActor actor, Guid id, CancellationToken cancellationToken) =>
        await Service.FindOrNullAsync(actor.Tenant, ToId(id), cancellationToken).ConfigureAwait(false)
        ?? throw new IncidentNotFoundException(actor.Tenant, ToId(id));

    public static IncidentId ToId(Guid id) =>
        id == Guid.Empty ? throw ApiProblemException.NotFound("There is no such incident.") : new IncidentId(id);

    public IncidentResource ToResource(Incident incident, IncidentActor actor)
    {
        var now = Clock.GetCurrentInstant();
        var opened = (IncidentOpened)incident.Events[0];
        var permitted = incident.PermittedCommands(now)
            .Where(c => MajorIncidents.MajorIncidentAuthorization.Authorize(Authorizer, actor, incident, IncidentActions.Of(c)).IsAllowed)
            .Where(c => c != IncidentCommand.Close || incident.MayVerifyResolution(actor.User));
        var escalation = EscalationState.FromEvents(incident.Events);
        return new IncidentResource(
            incident.Id, incident.Version, incident.Title, incident.Description, ApiText.StateName(incident.State),
            incident.Impact, incident.Urgency, incident.Priority, incident.PriorityOverridden, incident.Category?.Value,
            incident.Assignee, incident.AssignmentGroup, incident.Service, incident.Source,
            incident.OpenedAt, opened.Actor, incident.AcknowledgedAt, incident.ResolvedAt, incident.ClosedAt, incident.LastChangedAt,
            incident.Resolution is { } r ? new ResolutionResource(r.Code, r.Notes, r.At, r.By) : null,
            incident.LinkedAlerts,
            SlaOf(incident.Events, now),
            escalation.Policy is null && escalation.CurrentLevel is null
                ? null
                : new EscalationResource(escalation.Policy?.Name, escalation.CurrentLevel, escalation.Round, escalation.IsAcknowledged, escalation.NextTimeoutAt),
            VerificationOf(incident),
            [.. ApiText.RoutesOf(permitted), .. MayVerify(incident, actor) ? ["verify"] : Array.Empty<string>()])
        {
            IsMajor = incident.IsMajor,
            ResponseRoles = [.. incident.ResponseRoles.Select(r => new ResponseRoleResource(r.Role.ToString(), r.User, r.From, r.AssignedBy, r.Note))],
            Runbook = Runbooks.RunbookProgress.Of(incident) is { } p
                ? new RunbookResource(p.Runbook.Id, p.Runbook.Version, p.Runbook.Title, p.AttachedAt,
                    [.. p.Steps.Select(s => new RunbookStepResource(s.Number, s.Text, s.Required, s.ExpectedDuration, p.Runbook.Steps[s.Number - 1].Links,
                        s.State.ToString().ToLowerInvariant(), s.FinishedAt, s.FinishedBy, s.Note))])
                : null,
        };
    }

    private bool MayVerify(Incident incident, IncidentActor actor) =>
        incident.Rules.RequireResolutionVerification && incident.State == IncidentState.Resolved
        && (incident.ReportedBy == actor.User || incident.Assignee == actor.User)
        && Authorizer.Authorize(actor, incident.Tenant, IncidentAction.VerifyResolution).IsAllowed;

    private VerificationResource? VerificationOf(Incident incident)
    {
        if (!incident.Rules.RequireResolutionVerification)
        {
            return null;
        }

        var pending = incident.State == IncidentState.Resolved;
        return new VerificationResource(true, pending,
            pending && incident.ResolvedAt is { } r && _autoClose is { } quiet ? r + Duration.FromTimeSpan(quiet) : null);
    }

    public SlaResource? SlaOf(IReadOnlyList<IncidentEvent> events, Instant now)
    {
        if (_sla is null)
        {
            return null;
        }

        var state = _sla.Evaluate(events, now);
        var breached = state.Response.Status == SlaClockStatus.Breached || state.Resolution.Status == SlaClockStatus.Breached;
        return new SlaResource(state.Policy.Name, now, Clock(state.Response), Clock(state.Resolution), Clock(state.Update), breached);

        static SlaClockResource Clock(SlaClock c) => new(
            c.Status switch
            {
                SlaClockStatus.NotApplicable => "not-applicable",
                _ => c.Status.ToString().ToLowerInvariant(),
            },
            c.Target, c.StartedAt, c.Elapsed, c.Remaining, c.DueAt, c.NextThresholdAt, c.NextThresholdPercent,
            c.Target is { } t && t > Duration.Zero ? (int)Math.Min(999, Math.Floor(c.Elapsed / t * 100)) : null);
    }

    public async Task<bool> IsBreachedAsync(IncidentSummary summary, Instant now, CancellationToken cancellationToken)
    {
        var history = await Store.ReadAsync(summary.Tenant, summary.Id, 0, cancellationToken).ConfigureAwait(false);
        return _sla is not null
            ? SlaOf(history.Events, now)!.Breached
            : history.Events.Any(e => e is SlaBreached);
    }

    public static IncidentListItem ToListItem(IncidentSummary s, SlaResource? sla) => new(
        s.Id, s.Version, s.Title, ApiText.StateName(s.State), s.Priority, s.Impact, s.Urgency, s.Category?.Value, s.Assignee,
        s.AssignmentGroup, s.Service, s.OpenedAt, s.AcknowledgedAt, s.ResolvedAt, s.LastChangedAt, sla);

    public NewIncident ToNewIncident(OpenIncidentRequest? body)
    {
        var details = ToNewIncidentShape(body);
        var rules = Service.Rules;
        if (details.Category is { } c && !rules.Categories.Accepts(c))
        {
            throw ApiProblemException.BadField("category", $"Category '{c}' is not in the taxonomy.");
        }

        var defaults = details.Category is { } cat && rules.Categories.TryGetDefaults(cat, out var d) ? d : null;
        var matrix = rules.PriorityMatrix;
        var impact = details.Impact ?? defaults?.Impact
            ?? throw ApiProblemException.BadField("impact", $"'impact' is required (1 = high to {matrix.ImpactLevels}), unless the category has a default.");
        var urgency = details.Urgency ?? defaults?.Urgency
            ?? throw ApiProblemException.BadField("urgency", $"'urgency' is required (1 = high to {matrix.UrgencyLevels}), unless the category has a default.");
        if (impact.Level > matrix.ImpactLevels)
        {
            throw ApiProblemException.BadField("impact", $"impact must be 1 to {matrix.ImpactLevels}.");
        }

        return urgency.Level > matrix.UrgencyLevels
            ? throw ApiProblemException.BadField("urgency", $"urgency must be 1 to {matrix.UrgencyLevels}.")
            : details;
    }

    private static NewIncident ToNewIncidentShape(OpenIncidentRequest? body)
    {
        if (body is null)
        {
            throw ApiProblemException.BadField("body", "Send a JSON object with at least a title.");
        }

        if (string.IsNullOrWhiteSpace(body.Title))
        {
            throw ApiProblemException.BadField("title", "A title is required: one line of at most 200 characters.");
        }

        CategoryPath? category = null;
        if (body.Category is not null)
        {
            try
            {
                category = new CategoryPath(body.Category);
            }
            catch (ArgumentException ex)
            {
                throw ApiProblemException.BadField("category", ex.Message);
            }
        }

        return new NewIncident
        {
            Title = body.Title,
            Description = body.Description,
            Impact = body.Impact,
            Urgency = body.Urgency,
            Category = category,
            AssignmentGroup = body.AssignmentGroup,
            Service = body.Service,
            Source = body.Source,
        };
    }

    public static Priority? ParsePriority(string? text) =>
        text is null ? null
        : ApiText.TryParsePriority(text, out var p) ? p
        : throw ApiProblemException.BadField("priority", $"'{text}' is not a priority; expected P1 to P99.");
}
