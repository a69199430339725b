using IncidentKit.Authorization;
using IncidentKit.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IncidentKit.AspNetCore.Http;

// GET /api/incidents/{id}/export: the incident as the API shows it and its whole timeline, from one read (so both describe the
// same version), as a JSON download for a post-incident review or an archive. Another tenant's incident is 404, as everywhere.
internal static class ExportEndpoints
{
    public static RouteGroupBuilder MapIncidentExport(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/export", ExportAsync).WithTags("Incidents").WithName("ExportIncident")
            .WithSummary("Returns an incident with its full timeline as one JSON document, for download.");
        return api;
    }

    private static async Task<Results<Ok<IncidentExportResource>, ProblemHttpResult>> ExportAsync(HttpContext context, IncidentApi api, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var history = await api.Store.ReadAsync(actor.Tenant, IncidentApi.ToId(id), 0, context.RequestAborted).ConfigureAwait(false);
        if (!history.Exists)
        {
            throw new IncidentNotFoundException(actor.Tenant, IncidentApi.ToId(id));
        }

        var incident = Incident.FromHistory(history.Events, api.Service.Rules);
        context.Response.Headers.ETag = ApiText.ETagOf(history.Version);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"incident-{incident.Id.Value:N}-v{history.Version}.json\"";
        return TypedResults.Ok(new IncidentExportResource(api.Clock.GetCurrentInstant(), api.ToResource(incident, actor),
            [.. history.Events.Select((e, n) => TimelineEntries.From(e, n + 1))]));
    }
}
