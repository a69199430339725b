using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

// Post-incident reviews and action items over HTTP, through the real host on SQLite.
public sealed class ReviewEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutReview_ThenGetAsJsonAndMarkdown_KeepsTheAuthorsFieldsAndShowsTheTimelineInTheReadersZone()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ApiHost.OpenAsync(client, "Checkout is down");
        host.Time.Advance(TimeSpan.FromMinutes(40));
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "restarted the pool" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/incidents/{id}/review", Ct)).StatusCode);

        using var created = await client.PutAsJsonAsync($"/api/incidents/{id}/review", new
        {
            owner = "alice",
            rootCause = "Pool of 10 connections",
            contributingFactors = new[] { "no alert on pool size" },
            wentWell = new[] { "fast rollback" },
            wentBadly = new[] { "paged the wrong team" },
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        using var read = await client.GetAsync($"/api/incidents/{id}/review", Ct);
        Assert.Equal("application/json", read.Content.Headers.ContentType?.MediaType);
        var review = await ApiHost.JsonAsync(read);
        Assert.Equal("Pool of 10 connections", review["rootCause"]!.GetValue<string>());
        Assert.Equal("no alert on pool size", review["contributingFactors"]![0]!.GetValue<string>());
        Assert.Equal("fast rollback", review["wentWell"]![0]!.GetValue<string>());
        Assert.Equal("paged the wrong team", review["wentBadly"]![0]!.GetValue<string>());
        Assert.Equal("alice", review["owner"]!.GetValue<string>());
        // P1 resolved at 10:40 UTC: due three calendar days later.
        Assert.Equal("2026-03-05T10:40:00Z", review["dueAt"]!.GetValue<string>());

        using var markdown = await client.GetAsync($"/api/incidents/{id}/review/markdown?zone=Europe/Berlin", Ct);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        var text = await markdown.Content.ReadAsStringAsync(Ct);
        // CommonMark text is escaped: every ASCII punctuation character gets a backslash.
        Assert.Contains(@"Timeline (Europe\/Berlin)", text, StringComparison.Ordinal);
        Assert.Contains(@"11\:40\:00 \+01\:00", text, StringComparison.Ordinal);
        var berlin = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/review?zone=Europe/Berlin", Ct));
        Assert.Equal("2026-03-02 11:00:00 +01:00", berlin["timeline"]![0]!["local"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/incidents/{id}/review?zone=Mars/Olympus", Ct)).StatusCode);
        Assert.Contains("paged the wrong team", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutReview_StaleIfMatchOrInvalidField_AnswersPreconditionFailedOrNamesTheField()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ApiHost.OpenAsync(client);
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "first" }, Ct)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "second" }, Ct)).EnsureSuccessStatusCode();

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}/review") { Content = JsonContent.Create(new { summary = "third" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var refused = await client.SendAsync(stale, Ct);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(2, (await ApiHost.JsonAsync(refused))["currentVersion"]!.GetValue<long>());

        foreach (var (body, field) in new (object, string)[]
        {
            (new { wentWell = new[] { "ok", "bad\u0000text" } }, "wentWell[1]"),
            (new { status = "final" }, "status"),
            (new { mitigatedAt = "2026-03-01T00:00:00Z" }, "mitigatedAt"),
            (new { summarry = "typo" }, "summarry"),
        })
        {
            using var bad = await client.PutAsJsonAsync($"/api/incidents/{id}/review", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(field, (await ApiHost.JsonAsync(bad))["field"]!.GetValue<string>());
        }

        Assert.Equal("second", (await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/review", Ct)))["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutReview_OwnerAndStatusLeftOut_KeepTheStoredOnesWhileTextsAreReplaced()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ApiHost.OpenAsync(client);
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { owner = "carl", status = "published", wentWell = new[] { "a" } }, Ct)).EnsureSuccessStatusCode();

        using var second = await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "rewritten" }, Ct);

        var review = await ApiHost.JsonAsync(second);
        Assert.Equal(("carl", "published", "rewritten", 0), (review["owner"]!.GetValue<string>(), review["status"]!.GetValue<string>(),
            review["summary"]!.GetValue<string>(), review["wentWell"]!.AsArray().Count));
    }

    [Fact]
    public async Task ActionItems_AddUpdateAndList_TrackStatusOwnerDueDateAndTicket()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ApiHost.OpenAsync(client);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "x", owner = "bob", businessDays = 1 })).StatusCode);
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "s" }, Ct)).EnsureSuccessStatusCode();

        // Monday 2 March 10:00 UTC: two business days (always-open calendar) end at the close of Wednesday.
        using var first = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/review/action-items")
        {
            Content = JsonContent.Create(new { title = "Alert on pool size", owner = "bob", businessDays = 2 }),
        };
        first.Headers.Add("Idempotency-Key", "item-1");
        using var added = await client.SendAsync(first, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var item = await ApiHost.JsonAsync(added);
        Assert.Equal(("2026-03-04", "2026-03-05T00:00:00Z", "open", false), (item["dueOn"]!.GetValue<string>(), item["dueAt"]!.GetValue<string>(),
            item["status"]!.GetValue<string>(), item["overdue"]!.GetValue<bool>()));
        using var again = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/review/action-items")
        {
            Content = JsonContent.Create(new { title = "Alert on pool size", owner = "bob", businessDays = 2 }),
        };
        again.Headers.Add("Idempotency-Key", "item-1");
        Assert.Equal(item["id"]!.GetValue<string>(), (await ApiHost.JsonAsync(await client.SendAsync(again, Ct)))["id"]!.GetValue<string>());
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Runbook for failover", owner = "carl", dueOn = "2026-03-10" })).EnsureSuccessStatusCode();

        using var done = await client.PatchAsJsonAsync($"/api/incidents/{id}/review/action-items/{item["id"]}", new { status = "done", owner = "alice", ticket = "https://tracker.example/T-9" }, Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var changed = await ApiHost.JsonAsync(done);
        Assert.Equal(("done", "alice", "https://tracker.example/T-9"), (changed["status"]!.GetValue<string>(), changed["owner"]!.GetValue<string>(), changed["ticket"]!.GetValue<string>()));

        var pending = await ApiHost.JsonAsync(await client.GetAsync("/api/action-items", Ct));
        Assert.Equal(["Runbook for failover"], pending["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
        var all = await ApiHost.JsonAsync(await client.GetAsync("/api/action-items?pending=false", Ct));
        Assert.Equal(2, all["items"]!.AsArray().Count);
        Assert.Equal(2, (await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/review", Ct)))["actionItems"]!.AsArray().Count);

        using var badStatus = await client.PatchAsJsonAsync($"/api/incidents/{id}/review/action-items/{item["id"]}", new { status = "finished" }, Ct);
        Assert.Equal("status", (await ApiHost.JsonAsync(badStatus))["field"]!.GetValue<string>());
        using var badTicket = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "x", owner = "bob", dueOn = "2026-03-10", ticket = "ftp://x" });
        Assert.Equal("ticket", (await ApiHost.JsonAsync(badTicket))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"/api/incidents/{id}/review/action-items/{Guid.NewGuid()}", new { status = "done" }, Ct)).StatusCode);
    }

    // Found by ApiBodyFuzzTests: the day after 9999-12-31 overflowed NodaTime's calendar and answered 500.
    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0000-06-01")]
    public async Task ActionItems_DueOnOutsideYears1To9998_AnswerProblemNamingDueOn(string dueOn)
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-responder");
        var id = await ApiHost.OpenAsync(client);
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "s" }, Ct)).EnsureSuccessStatusCode();
        var item = await ApiHost.JsonAsync(await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "x", owner = "bob", dueOn = "2026-03-10" }));

        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "x", owner = "bob", dueOn });
        using var moved = await client.PatchAsJsonAsync($"/api/incidents/{id}/review/action-items/{item["id"]}", new { dueOn }, Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (added.StatusCode, moved.StatusCode));
        Assert.Equal(("dueOn", "dueOn"), ((await ApiHost.JsonAsync(added))["field"]!.GetValue<string>(), (await ApiHost.JsonAsync(moved))["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Review_AnotherTenantsIncident_Is404AndAViewerMayReadButNotWrite()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var a = host.Client("a-responder");
        using var b = host.Client("b-admin");
        using var viewer = host.Client("a-viewer");
        var theirs = await ApiHost.OpenAsync(b, "tenant B's outage");
        (await b.PutAsJsonAsync($"/api/incidents/{theirs}/review", new { summary = "B's secret review" }, Ct)).EnsureSuccessStatusCode();
        var ours = await ApiHost.OpenAsync(a);
        (await a.PutAsJsonAsync($"/api/incidents/{ours}/review", new { summary = "ours" }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/incidents/{theirs}/review", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/incidents/{theirs}/review/markdown", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PutAsJsonAsync($"/api/incidents/{theirs}/review", new { summary = "overwrite" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiHost.PostAsync(a, $"/api/incidents/{theirs}/review/action-items", new { title = "x", owner = "bob", businessDays = 1 })).StatusCode);
        Assert.Empty((await ApiHost.JsonAsync(await b.GetAsync("/api/action-items?pending=false", Ct)))["items"]!.AsArray());
        Assert.Equal("B's secret review", (await ApiHost.JsonAsync(await b.GetAsync($"/api/incidents/{theirs}/review", Ct)))["summary"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/incidents/{ours}/review", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/incidents/{ours}/review", new { summary = "viewer's" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiHost.PostAsync(viewer, $"/api/incidents/{ours}/review/action-items", new { title = "x", owner = "bob", businessDays = 1 })).StatusCode);
        Assert.Equal("ours", (await ApiHost.JsonAsync(await a.GetAsync($"/api/incidents/{ours}/review", Ct)))["summary"]!.GetValue<string>());
    }

    // The request field is businessDays; the problem detail named "days" (the parameter of ActionItem.Plan).
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

    // A PATCH that changes nothing wrote a new review version (the ETag moved), so every other writer holding the old ETag got
    // 412 for a change that never happened.
    [Fact]
    public async Task PatchActionItem_NothingChanged_KeepsTheReviewVersion()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");
        var id = await ResolvedWithReviewAsync(host, client);
        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Add a canary", owner = "bob", dueOn = "2026-03-20" });
        var item = added.Headers.Location!.OriginalString;
        var before = added.Headers.ETag?.Tag;

        using var empty = await client.PatchAsJsonAsync(item, new { }, Ct);
        using var same = await client.PatchAsJsonAsync(item, new { owner = "bob", dueOn = "2026-03-20", status = "open" }, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (empty.StatusCode, same.StatusCode));
        Assert.Equal((before, before), (empty.Headers.ETag?.Tag, same.Headers.ETag?.Tag));
        Assert.Equal("bob", (await ApiHost.JsonAsync(same))["owner"]!.GetValue<string>());
        using var changed = await client.PatchAsJsonAsync(item, new { owner = "carl" }, Ct);
        Assert.NotEqual(before, changed.Headers.ETag?.Tag);
    }

    // GET /review spelt the action item status "InProgress", the review status "Draft" and the priority 1, where the endpoints
    // take and answer "in-progress", "draft" and "P1": a client that wrote back what it read got 400.
    [Fact]
    public async Task GetReview_StatusesAndPriority_UseTheVocabularyTheEndpointsAccept()
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
        using var reviewBack = await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { status = review["status"]!.GetValue<string>() }, Ct);
        var incident = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}", Ct));

        Assert.Equal(("in-progress", "draft", "resolved"), (status, review["status"]!.GetValue<string>(), review["state"]!.GetValue<string>()));
        Assert.Equal(incident["priority"]!.GetValue<string>(), review["priority"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (writeBack.StatusCode, reviewBack.StatusCode));
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
