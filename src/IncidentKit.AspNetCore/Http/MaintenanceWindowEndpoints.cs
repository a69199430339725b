using System.Security.Cryptography;
using IncidentKit.Alerts;
using IncidentKit.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.AspNetCore.Http;

// /api/maintenance-windows: the tenant's silences. Anyone who may read incidents lists them and their audit trail; creating,
// expiring and deleting need IncidentAction.ManageMaintenanceWindows (the incident commander role and above, by default). The
// tenant and the creator come from the principal only; who did what and why is kept as the window's audit trail. A window of
// another tenant is "not found", like an unknown one. Needs the alert intake (AddIncidentKitAlerts), which owns the windows.
internal static class MaintenanceWindowEndpoints
{
    private static readonly LocalTimePattern HoursMinutes = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static RouteGroupBuilder MapMaintenanceWindows(this RouteGroupBuilder api)
    {
        var windows = api.MapGroup("/maintenance-windows").WithTags("Maintenance windows");
        windows.MapGet("/", ListAsync).WithName("ListMaintenanceWindows")
            .WithSummary("Lists the tenant's maintenance windows (silences), live and expired.");
        windows.MapGet("/audit", AuditAsync).WithName("MaintenanceWindowAudit")
            .WithSummary("Lists who created, expired or deleted the tenant's maintenance windows, when and why, oldest first.");
        windows.MapPost("/", CreateAsync).WithName("CreateMaintenanceWindow")
            .WithSummary("Creates a one-off or weekly maintenance window that silences matching alerts; needs the incident-commander role.")
            .Accepts<CreateMaintenanceWindowRequest>("application/json").ProducesProblem(409);
        windows.MapPost("/{windowId}/expire", ExpireAsync).WithName("ExpireMaintenanceWindow")
            .WithSummary("Ends a live maintenance window now (it stays listed, expired); needs the incident-commander role.")
            .Accepts<ReasonRequest>("application/json");
        windows.MapDelete("/{windowId}", DeleteAsync).WithName("DeleteMaintenanceWindow")
            .WithSummary("Removes a maintenance window (its audit trail stays); the reason goes in the query; needs the incident-commander role.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<MaintenanceWindowResource>>> ListAsync(HttpContext context, IncidentApi api)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var list = await ServiceOf(context).ListAsync(actor.Tenant, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<MaintenanceWindowResource>>([.. list.Select(ToResource)]);
    }

    private static async Task<Ok<IReadOnlyList<MaintenanceWindowAuditResource>>> AuditAsync(HttpContext context, IncidentApi api)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var audit = await ServiceOf(context).AuditAsync(actor.Tenant, 1000, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<MaintenanceWindowAuditResource>>(
            [.. audit.Select(a => new MaintenanceWindowAuditResource(a.WindowId, ChangeName(a.Change), a.At, a.Actor, a.Reason))]);
    }

    private static async Task<Results<Created<MaintenanceWindowResource>, ProblemHttpResult>> CreateAsync(HttpContext context, IncidentApi api)
    {
        var actor = api.Demand(context, IncidentAction.ManageMaintenanceWindows);
        var service = ServiceOf(context);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.CreateMaintenanceWindowRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.BadField("body", "Send the window as JSON: matchers, reason, and start and end (one-off) or zone, days, from and to (weekly).");
        var window = WindowOf(body, actor);
        if (!await service.CreateAsync(window, context.RequestAborted).ConfigureAwait(false))
        {
            return TypedResults.Problem($"The tenant has a maintenance window '{window.Id}' already.", statusCode: 409, title: "The window exists.");
        }

        var stored = (await service.ListAsync(actor.Tenant, context.RequestAborted).ConfigureAwait(false)).First(w => w.Window.Id == window.Id);
        return TypedResults.Created($"/api/maintenance-windows/{Uri.EscapeDataString(window.Id)}", ToResource(stored));
    }

    private static async Task<Results<Ok<MaintenanceWindowResource>, ProblemHttpResult>> ExpireAsync(HttpContext context, IncidentApi api, string windowId)
    {
        var actor = api.Demand(context, IncidentAction.ManageMaintenanceWindows);
        var service = ServiceOf(context);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.ReasonRequest, context.RequestAborted).ConfigureAwait(false);
        var reason = Reason(body?.Reason);
        if (!await service.ExpireAsync(actor.Tenant, windowId, actor.User, reason, context.RequestAborted).ConfigureAwait(false))
        {
            throw ApiProblemException.NotFound($"The tenant has no live maintenance window '{windowId}'.");
        }

        var stored = (await service.ListAsync(actor.Tenant, context.RequestAborted).ConfigureAwait(false)).First(w => w.Window.Id == windowId);
        return TypedResults.Ok(ToResource(stored));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, IncidentApi api, string windowId, [FromQuery] string? reason)
    {
        var actor = api.Demand(context, IncidentAction.ManageMaintenanceWindows);
        return await ServiceOf(context).DeleteAsync(actor.Tenant, windowId, actor.User, Reason(reason), context.RequestAborted).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : throw ApiProblemException.NotFound($"The tenant has no maintenance window '{windowId}'.");
    }

    private static MaintenanceWindowService ServiceOf(HttpContext context) =>
        context.RequestServices.GetService<MaintenanceWindowService>()
        ?? throw ApiProblemException.NotFound("This host keeps no maintenance windows: it has no alert intake (AddIncidentKitAlerts).");

    private static string Reason(string? reason)
    {
        var text = Bodies.Required(reason, "reason", "why, for the audit trail");
        return text.Length <= 1000 ? text : throw ApiProblemException.BadField("reason", "'reason' has at most 1000 characters.");
    }

    // Every field is checked here, so that a bad one is named as the client sent it (matchers[2], zone, from, ...).
    private static MaintenanceWindow WindowOf(CreateMaintenanceWindowRequest body, IncidentActor actor)
    {
        var id = body.Id ?? "mw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        if (id.Length is 0 or > 128 || id.Any(char.IsControl) || id.Contains('/', StringComparison.Ordinal))
        {
            throw ApiProblemException.BadField("id", "'id' has 1 to 128 characters, no '/' and no control characters; leave it out to have one made.");
        }

        var reason = Reason(body.Reason);
        var given = body.Matchers ?? [];
        if (given.Count == 0)
        {
            throw ApiProblemException.BadField("matchers", "Give at least one matcher, e.g. service=\"checkout\"; a window without one would silence every alert.");
        }

        var matchers = new List<string>(given.Count);
        for (var i = 0; i < given.Count; i++)
        {
            try
            {
                matchers.Add(LabelMatcher.Parse(given[i] ?? "").ToString());
            }
            catch (ArgumentException e)
            {
                throw ApiProblemException.BadField($"matchers[{i}]", $"'{given[i]}' is not a valid matcher: {FirstSentence(e.Message)}");
            }
        }

        var weekly = body.Zone is not null || body.Days is not null || body.From is not null || body.To is not null || body.DaysOfMonth is not null || body.ExpiresAt is not null;
        if (body.Start is { } start && body.End is { } end)
        {
            if (weekly)
            {
                throw ApiProblemException.BadField("zone", "A window is either one-off (start, end) or weekly (zone, days, from, to), not both.");
            }

            return end > start
                ? MaintenanceWindow.Once(id, actor.Tenant, matchers, start, end, actor.User, reason)
                : throw ApiProblemException.BadField("end", $"'end' ({end}) must come after 'start' ({start}).");
        }

        if (!weekly)
        {
            throw ApiProblemException.BadField(body.Start is null ? "start" : "end",
                "Give 'start' and 'end' for a one-off window, or 'zone', 'days', 'from' and 'to' for a weekly one.");
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Bodies.Required(body.Zone, "zone", "the IANA time zone of the local times, e.g. Europe/Berlin"))
            ?? throw ApiProblemException.BadField("zone", $"'{body.Zone}' is not an IANA time zone id, e.g. Europe/Berlin or America/New_York.");
        var days = new List<IsoDayOfWeek>();
        foreach (var day in body.Days ?? [])
        {
            days.Add(Enum.TryParse<IsoDayOfWeek>(day, ignoreCase: true, out var d) && d != IsoDayOfWeek.None && !int.TryParse(day, out _)
                ? d
                : throw ApiProblemException.BadField("days", $"'{day}' is not a weekday; expected monday to sunday."));
        }

        if (days.Count == 0)
        {
            throw ApiProblemException.BadField("days", "Give at least one weekday, monday to sunday.");
        }

        if (body.DaysOfMonth?.Any(d => d is < 1 or > 31) == true)
        {
            throw ApiProblemException.BadField("daysOfMonth", "Days of the month run from 1 to 31.");
        }

        return MaintenanceWindow.Weekly(id, actor.Tenant, matchers, zone, days, Time(body.From, "from"), Time(body.To, "to"), actor.User, reason,
            body.DaysOfMonth, body.ExpiresAt);
    }

    private static LocalTime Time(string? text, string field)
    {
        var value = Bodies.Required(text, field, "a local time as HH:mm or HH:mm:ss");
        var parsed = value.Length == 5 ? HoursMinutes.Parse(value) : LocalTimePattern.ExtendedIso.Parse(value);
        return parsed.Success ? parsed.Value : throw ApiProblemException.BadField(field, $"'{value}' is not a local time; expected HH:mm or HH:mm:ss, e.g. 22:00.");
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }

    private static MaintenanceWindowResource ToResource(StoredMaintenanceWindow stored)
    {
        var w = stored.Window;
        return new MaintenanceWindowResource(w.Id, [.. w.Matchers.Select(m => m.ToString())], w.OneOff?.Start, w.OneOff?.End, w.Zone?.Id,
            w.OneOff is null ? [.. w.Days.Select(d => d.ToString().ToLowerInvariant())] : null,
            w.OneOff is null && w.DaysOfMonth.Count > 0 ? [.. w.DaysOfMonth] : null,
            w.OneOff is null ? LocalTimePattern.ExtendedIso.Format(w.From) : null, w.OneOff is null ? LocalTimePattern.ExtendedIso.Format(w.To) : null,
            w.ExpiresAt, w.CreatedBy, w.Reason, stored.CreatedAt, stored.ExpiredAt, stored.ExpiredAt is null ? "live" : "expired");
    }

    private static string ChangeName(MaintenanceWindowChange change) => change switch
    {
        MaintenanceWindowChange.Created => "created",
        MaintenanceWindowChange.Expired => "expired",
        _ => "deleted",
    };
}
