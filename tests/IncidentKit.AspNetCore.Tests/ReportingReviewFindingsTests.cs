using System.Net;
using System.Net.Http.Json;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

// Issue 11 review (h7-review): defects found over HTTP in the review, action item, problem and report endpoints. These tests
// FAIL on the reviewed main (a8f2343); each names the promise of docs/reporting.md it checks.
public sealed class ReportingReviewFindingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // docs/reporting.md: "409 lists the permitted moves". A problem without a root cause or workaround cannot become a known
    // error; the 409 refusing that move must not list known-error among the moves permitted now (GET rightly lists only resolved).
    [Fact]
    public async Task PatchProblem_RefusedKnownErrorMove_ListsOnlyTheMovesPermittedNow()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        using var created = await ApiHost.PostAsync(client, "/api/problems", new { title = "Checkout pool exhaustion" });
        var path = created.Headers.Location!.OriginalString;
        var permittedNow = (await ApiHost.JsonAsync(await client.GetAsync(path, Ct)))["permittedMoves"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();

        using var refused = await client.PatchAsJsonAsync(path, new { state = "known-error" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var listed = (await ApiHost.JsonAsync(refused))["permittedMoves"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.DoesNotContain("known-error", listed);
        Assert.Equal(permittedNow, listed);
    }

    // "bad input is a problem detail naming the field": the query parameters are window and min, not "recurrenceOptions".
    [Theory]
    [InlineData("window=0", "window")]
    [InlineData("min=1", "min")]
    public async Task Suggestions_OutOfRangeQueryValue_NamesTheQueryParameter(string query, string field)
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync($"/api/problems/suggestions?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }

    // The request field is businessDays; the problem detail names "days" (the parameter of ActionItem.Plan).
    [Fact]
    public async Task AddActionItem_BusinessDaysOutOfRange_NamesBusinessDays()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ResolvedWithReviewAsync(host, client);

        using var response = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Add a canary", owner = "bob", businessDays = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("businessDays", (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }

    // A query value that does not parse (bool, int) answers an empty 400 from model binding: no problem detail, no field.
    [Theory]
    [InlineData("/api/action-items?pending=maybe", "pending")]
    [InlineData("/api/action-items?max=ten", "max")]
    [InlineData("/api/problems/suggestions?days=thirty", "days")]
    [InlineData("/api/reports/incidents.csv?from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z&exercises=yes", "exercises")]
    public async Task Endpoints_UnparsableQueryValue_AnswerAProblemDetailNamingTheField(string path, string field)
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }

    // A valid period in the calendar's last (or first) week: the trend buckets step past NodaTime's range and the
    // OverflowException escapes as a 500 (on the web sample: "500" with an empty body).
    [Theory]
    [InlineData("from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z")]
    [InlineData("from=-9998-01-01T00:00:00Z&to=-9998-01-02T00:00:00Z")]
    public async Task ReportHtml_PeriodAtTheEdgeOfTheCalendar_AnswersAReportOrABadRequestNeverAServerError(string query)
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync($"/api/reports/incidents.html?{query}", Ct);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"Got {(int)response.StatusCode}.");
    }

    // A PATCH that changes nothing still writes a new review version (ETag moves), so every other writer holding the old ETag
    // gets 412 for a change that never happened.
    [Fact]
    public async Task PatchActionItem_NothingChanged_KeepsTheReviewVersion()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ResolvedWithReviewAsync(host, client);
        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Add a canary", owner = "bob", dueOn = "2026-03-20" });
        var item = added.Headers.Location!.OriginalString;
        var before = added.Headers.ETag?.Tag;

        using var patched = await client.PatchAsJsonAsync(item, new { }, Ct);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(before, patched.Headers.ETag?.Tag);
    }

    // The same action item reads "in-progress" from /api/action-items and the PATCH answer but "InProgress" inside GET /review
    // (and the review's own status "Draft" against PUT's "draft"); a client that writes back what it read gets 400.
    [Fact]
    public async Task GetReview_ActionItemStatus_UsesTheVocabularyTheActionItemEndpointsAccept()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ResolvedWithReviewAsync(host, client);
        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Add a canary", owner = "bob", dueOn = "2026-03-20" });
        var item = added.Headers.Location!.OriginalString;
        (await client.PatchAsJsonAsync(item, new { status = "in-progress" }, Ct)).EnsureSuccessStatusCode();

        var review = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/review", Ct));
        var status = review["actionItems"]![0]!["status"]!.GetValue<string>();
        using var writeBack = await client.PatchAsJsonAsync(item, new { status }, Ct);

        Assert.Equal("in-progress", status);
        Assert.Equal(HttpStatusCode.OK, writeBack.StatusCode);
    }

    private static async Task<string> ResolvedWithReviewAsync(ApiHost host, HttpClient client)
    {
        var id = await ApiHost.OpenAsync(client, "Checkout is down");
        host.Time.Advance(TimeSpan.FromMinutes(40));
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "restarted the pool" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "Pool exhausted" }, Ct)).EnsureSuccessStatusCode();
        return id;
    }
}
