using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

// Problem records over HTTP, through the real host on SQLite: from a recurrence suggestion to a resolved problem.
public sealed class ProblemEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Problems_FromSuggestionThroughLinkUnlinkAndStateMoves_KeepTheAuditTrail()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await OpenAsync(client, $"Checkout 502 #{i}"));
            host.Time.Advance(TimeSpan.FromHours(20));
        }

        var other = await OpenAsync(client, "Search slow", service: "search");
        var suggestions = await ApiHost.JsonAsync(await client.GetAsync("/api/problems/suggestions", Ct));
        var suggestion = Assert.Single(suggestions["items"]!.AsArray())!;
        Assert.Equal(("service-and-category", "checkout", "Software/Web"), (suggestion["kind"]!.GetValue<string>(), suggestion["service"]!.GetValue<string>(), suggestion["category"]!.GetValue<string>()));
        Assert.Equal(ids, suggestion["incidents"]!.AsArray().Select(i => i!.GetValue<string>()));

        using var created = await ApiHost.PostAsync(client, "/api/problems", new { title = suggestion["suggestedTitle"]!.GetValue<string>(), incidents = suggestion["incidents"] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var problem = await ApiHost.JsonAsync(created);
        var path = created.Headers.Location!.OriginalString;
        Assert.Equal(("open", "alice", 3), (problem["state"]!.GetValue<string>(), problem["owner"]!.GetValue<string>(), problem["incidents"]!.AsArray().Count));
        Assert.Empty((await ApiHost.JsonAsync(await client.GetAsync("/api/problems/suggestions", Ct)))["items"]!.AsArray());

        // A known error needs a root cause or a workaround first: 409 naming the rule and the moves permitted.
        using var early = await client.PatchAsJsonAsync(path, new { state = "known-error" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var refusal = await ApiHost.JsonAsync(early);
        Assert.Equal("open", refusal["state"]!.GetValue<string>());
        Assert.NotNull(refusal["unmetRule"]);

        var known = await ApiHost.JsonAsync(await client.PatchAsJsonAsync(path, new { workaround = "Restart the pool", state = "known-error" }, Ct));
        Assert.Equal(("known-error", "Restart the pool"), (known["state"]!.GetValue<string>(), known["workaround"]!.GetValue<string>()));
        var linked = await ApiHost.JsonAsync(await ApiHost.PostAsync(client, $"{path}/incidents", new { incident = other }));
        Assert.Equal(4, linked["incidents"]!.AsArray().Count);
        using var unlinked = await client.DeleteAsync($"{path}/incidents/{other}", Ct);
        Assert.Equal(3, (await ApiHost.JsonAsync(unlinked))["incidents"]!.AsArray().Count);
        var version = (await ApiHost.JsonAsync(unlinked))["version"]!.GetValue<long>();

        using var noNote = await client.PatchAsJsonAsync(path, new { state = "resolved" }, Ct);
        Assert.Equal("note", (await ApiHost.JsonAsync(noNote))["field"]!.GetValue<string>());
        using var stale = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { state = "resolved", note = "pool sized by load" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version - 1}\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale, Ct)).StatusCode);
        using var current = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { state = "resolved", note = "pool sized by load" }) };
        current.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        var resolved = await ApiHost.JsonAsync(await client.SendAsync(current, Ct));

        Assert.Equal(("resolved", "pool sized by load"), (resolved["state"]!.GetValue<string>(), resolved["resolution"]!.GetValue<string>()));
        Assert.Equal(["open"], resolved["permittedMoves"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["opened", "incidentLinked", "incidentLinked", "incidentLinked", "workaroundRecorded", "knownErrorDeclared", "incidentLinked", "incidentUnlinked", "resolved"],
            resolved["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        var listed = await ApiHost.JsonAsync(await client.GetAsync("/api/problems?state=resolved", Ct));
        Assert.Single(listed["items"]!.AsArray());
        Assert.Empty((await ApiHost.JsonAsync(await client.GetAsync("/api/problems?state=open", Ct)))["items"]!.AsArray());
    }

    [Fact]
    public async Task Problems_AnotherTenantsProblemOrIncident_Is404OrNamedAndAViewerIsRefusedAWrite()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var a = host.Client("a-responder");
        using var b = host.Client("b-admin");
        using var viewer = host.Client("a-viewer");
        var theirIncident = await OpenAsync(b, "B's outage");
        using var theirs = await ApiHost.PostAsync(b, "/api/problems", new { title = "B's secret problem", incidents = new[] { theirIncident } });
        var theirPath = theirs.Headers.Location!.OriginalString;
        var ourIncident = await OpenAsync(a, "A's outage");
        using var ours = await ApiHost.PostAsync(a, "/api/problems", new { title = "A's problem" });
        var ourPath = ours.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync(theirPath, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PatchAsJsonAsync(theirPath, new { workaround = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiHost.PostAsync(a, $"{theirPath}/incidents", new { incident = ourIncident })).StatusCode);
        using var foreign = await ApiHost.PostAsync(a, $"{ourPath}/incidents", new { incident = theirIncident });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal("incident", (await ApiHost.JsonAsync(foreign))["field"]!.GetValue<string>());
        using var foreignAtCreate = await ApiHost.PostAsync(a, "/api/problems", new { title = "t", incidents = new[] { ourIncident, theirIncident } });
        Assert.Equal("incidents[1]", (await ApiHost.JsonAsync(foreignAtCreate))["field"]!.GetValue<string>());
        Assert.Equal(["A's problem"], (await ApiHost.JsonAsync(await a.GetAsync("/api/problems", Ct)))["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(ourPath, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiHost.PostAsync(viewer, "/api/problems", new { title = "viewer's" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsJsonAsync(ourPath, new { workaround = "x" }, Ct)).StatusCode);
        Assert.Equal(1, (await ApiHost.JsonAsync(await b.GetAsync(theirPath, Ct)))["version"]!.GetValue<long>());
    }

    private static async Task<string> OpenAsync(HttpClient client, string title, string service = "checkout")
    {
        using var response = await client.PostAsJsonAsync("/api/incidents", new { title, impact = 2, urgency = 2, category = "Software/Web", service }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiHost.JsonAsync(response))["id"]!.GetValue<string>();
    }

    // docs/reporting.md: "409 lists the permitted moves": without a root cause or workaround known-error is refused, so the 409
    // lists only what GET lists (resolved), not the moves the state alone allows.
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
        Assert.Equal(["resolved"], listed);
        Assert.Equal(permittedNow, listed);
    }

    // The query parameters are window and min; the problem detail named the options object ("recurrenceOptions").
    [Theory]
    [InlineData("window=0", "window")]
    [InlineData("window=367", "window")]
    [InlineData("min=1", "min")]
    [InlineData("min=1&window=0", "min")]
    public async Task Suggestions_OutOfRangeQueryValue_NamesTheQueryParameter(string query, string field)
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync($"/api/problems/suggestions?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiHost.JsonAsync(response);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.StartsWith($"{field} must be", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
