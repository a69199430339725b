using System.Text;
using IncidentKit.Authorization;
using IncidentKit.Reporting;
using IncidentKit.Reporting.Reviews;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.AspNetCore.Http;

// GET /api/reports/incidents.html and .csv: the period report of issue 11 §4 for the caller's tenant, read from the store's
// active-in-period index. The HTML page is self-contained (inline CSS and SVG, no scripts) and lists the tenant's problem records;
// the CSV has one row per incident opened in the period. A period is at most 366 days, so one request stays bounded.
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/incidents.html", HtmlAsync).WithName("IncidentReportHtml")
            .WithSummary("Returns the period's incident report as one self-contained HTML page: ?from= and ?to= (ISO-8601 UTC), ?zone=, ?granularity=week or month, ?exercises=true.")
            .Produces<string>(200, "text/html");
        reports.MapGet("/incidents.csv", CsvAsync).WithName("IncidentReportCsv")
            .WithSummary("Returns one CSV row per incident opened in the period (RFC 4180): ?from=, ?to=, ?zone=, ?exercises=true.")
            .Produces<string>(200, "text/csv");
        return api;
    }

    private static async Task<IResult> HtmlAsync(HttpContext context, IncidentApi api, [FromQuery] string? from, [FromQuery] string? to,
        [FromQuery] string? zone, [FromQuery] string? granularity, [FromQuery] bool? exercises)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var options = OptionsOf(actor.Tenant, from, to, zone, granularity, exercises, ReviewEndpoints.OptionsOf(context));
        var report = await IncidentMetrics.ReadAndComputeAsync(api.Store, options, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var problems = ReviewEndpoints.StoreOrNull(context) is { } store
            ? await store.ListProblemsAsync(actor.Tenant, null, 1000, context.RequestAborted).ConfigureAwait(false)
            : [];
        var html = ReportHtml.Render(report, new ReportHtmlOptions
        {
            Title = "Incident report",
            GeneratedAt = api.Clock.GetCurrentInstant(),
            Sections = [new ProblemReportSection(problems.Select(p => p.Problem))],
        });
        return TypedResults.Text(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> CsvAsync(HttpContext context, IncidentApi api, [FromQuery] string? from, [FromQuery] string? to,
        [FromQuery] string? zone, [FromQuery] bool? exercises)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var options = OptionsOf(actor.Tenant, from, to, zone, null, exercises, ReviewEndpoints.OptionsOf(context));
        var csv = new StringBuilder(ReportCsv.Header);
        await IncidentMetrics.ReadAndComputeAsync(api.Store, options, (row, _) =>
        {
            ReportCsv.AppendRow(csv, row);
            return ValueTask.CompletedTask;
        }, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"incidents-{from}-{to}.csv\"".Replace(':', '-');
        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    // Business time on the reviews' calendar, and without ?zone= the reviews' zone, so the report reads as the reviews do.
    private static IncidentMetricsOptions OptionsOf(TenantId tenant, string? from, string? to, string? zone, string? granularity, bool? exercises,
        ReviewDraftOptions reviews)
    {
        var start = Instant("from", from);
        var end = Instant("to", to);
        if (end <= start)
        {
            throw ApiProblemException.BadField("to", $"'to' ({to}) must come after 'from' ({from}).");
        }

        // The report's trend points need whole weeks and months with dates: a period at the calendar's ends is the client's mistake.
        var supported = IncidentMetricsOptions.SupportedPeriod;
        if (start < supported.Start)
        {
            throw ApiProblemException.BadField("from", $"'from' must be at or after {supported.Start}; got {from}.");
        }

        if (end > supported.End)
        {
            throw ApiProblemException.BadField("to", $"'to' must be at or before {supported.End}; got {to}.");
        }

        if (end - start > Duration.FromDays(366))
        {
            throw ApiProblemException.BadField("to", "A report covers at most 366 days.");
        }

        return new IncidentMetricsOptions
        {
            Tenant = tenant,
            Period = new Interval(start, end),
            Zone = zone is null ? reviews.TimeZone
                : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? throw ApiProblemException.BadField("zone", $"'{zone}' is not an IANA time zone id, e.g. Europe/Berlin."),
            Granularity = granularity?.ToLowerInvariant() switch
            {
                null or "week" => ReportGranularity.IsoWeek,
                "month" => ReportGranularity.Month,
                _ => throw ApiProblemException.BadField("granularity", $"'{granularity}' is not a granularity; expected week or month."),
            },
            IncludeExercises = exercises ?? false,
            Calendar = reviews.Calendar,
        };
    }

    private static Instant Instant(string field, string? text)
    {
        var value = Bodies.Required(text, field, "an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z");
        var parsed = InstantPattern.ExtendedIso.Parse(value);
        return parsed.Success ? parsed.Value : throw ApiProblemException.BadField(field, $"'{value}' is not an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z.");
    }
}
