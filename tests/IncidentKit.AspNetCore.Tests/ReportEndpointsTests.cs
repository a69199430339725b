using System.Net;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests;

// The period report over HTTP, through the real host on SQLite.
public sealed class ReportEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_HtmlAndCsv_CoverTheTenantsIncidentsOfThePeriodWithItsProblems()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var a = host.Client("a-responder");
        using var b = host.Client("b-admin");
        var first = await ApiHost.OpenAsync(a, "Checkout is down");
        await ApiHost.OpenAsync(a, "Search <slow>", impact: 2, urgency: 2);
        await ApiHost.OpenAsync(b, "B's secret outage");
        host.Time.Advance(TimeSpan.FromMinutes(30));
        (await ApiHost.PostAsync(a, $"/api/incidents/{first}/resolve", new { code = "fixed", notes = "restarted" })).EnsureSuccessStatusCode();
        (await ApiHost.PostAsync(a, "/api/problems", new { title = "Pool exhaustion & restarts", incidents = new[] { first } })).EnsureSuccessStatusCode();
        const string Period = "from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&zone=Europe/London";

        using var html = await a.GetAsync($"/api/reports/incidents.html?{Period}&granularity=month", Ct);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h2>Problem records</h2>", page, StringComparison.Ordinal);
        Assert.Contains("Pool exhaustion &amp; restarts", page, StringComparison.Ordinal);
        Assert.DoesNotContain("B&#39;s secret", page, StringComparison.Ordinal);
        Assert.DoesNotContain("B's secret", page, StringComparison.Ordinal);

        using var csv = await a.GetAsync($"/api/reports/incidents.csv?{Period}", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("incident,title,priority", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith(first, StringComparison.OrdinalIgnoreCase) && l.Contains("Checkout is down", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    // Without ?zone= the report reads in the reviews' zone, as the reviews and their calendar do (it was UTC, found by review),
    // and says whose zone its on-call hours are counted in.
    [Fact]
    public async Task Report_WithoutZone_ReadsInTheReviewsZone()
    {
        await using var host = await ApiHost.StartAsync(configure: builder =>
            builder.Services.Configure<IncidentKit.Reporting.Reviews.ReviewDraftOptions>(o => o.TimeZone = NodaTime.DateTimeZoneProviders.Tzdb["America/Chicago"]));
        using var client = host.Client("a-viewer");

        var page = await client.GetStringAsync("/api/reports/incidents.html?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z", Ct);

        Assert.Contains("Pages by hour and weekday (America/Chicago)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("(Etc/UTC)", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("to=2026-04-01T00:00:00Z", "from")]
    [InlineData("from=yesterday&to=2026-04-01T00:00:00Z", "from")]
    [InlineData("from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-04-01T00:00:00Z", "to")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&zone=Mars/Olympus", "zone")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&granularity=daily", "granularity")]
    public async Task Report_BadQuery_NamesTheField(string query, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        using var response = await client.GetAsync($"/api/reports/incidents.html?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }

    // A period in the calendar's last (or first) week: the trend buckets stepped past NodaTime's range and the OverflowException
    // escaped as a 500. The report's supported span is 0001-01-01 to 9999-01-01 UTC; outside it the field is named.
    [Theory]
    [InlineData("from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z", "to")]
    [InlineData("from=-9998-01-01T00:00:00Z&to=-9998-01-02T00:00:00Z", "from")]
    public async Task ReportHtml_PeriodAtTheEdgeOfTheCalendar_AnswersABadRequestNamingTheField(string query, string field)
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync($"/api/reports/incidents.html?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }
}
