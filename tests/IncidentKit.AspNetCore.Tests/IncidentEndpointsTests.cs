using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class IncidentEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_ValidBody_Answers201WithIdLocationAndETag()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        using var response = await client.PostAsJsonAsync("/api/incidents",
            new { title = "Checkout is down", description = "502s", impact = 1, urgency = 1, category = "Software/Web", service = "checkout", source = "phone" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiHost.JsonAsync(response);
        var id = body["id"]!.GetValue<string>();
        Assert.Equal($"/api/incidents/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("P1", body["priority"]!.GetValue<string>());
        Assert.Equal("new", body["state"]!.GetValue<string>());
        Assert.Equal("alice", body["openedBy"]!.GetValue<string>());
        Assert.Equal("2026-03-02T10:00:00Z", body["openedAt"]!.GetValue<string>());
        Assert.Equal("Software/Web", body["category"]!.GetValue<string>());
        Assert.Contains("acknowledge", body["permittedCommands"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"impact":1,"urgency":1}""", "title")]
    [InlineData("""{"title":"x","impact":1,"urgency":1,"titel":"typo"}""", "titel")]
    [InlineData("""{"title":"x","impact":"high","urgency":1}""", "impact")]
    [InlineData("""{"title":"x","impact":1,"urgency":7}""", "urgency")]
    [InlineData("""{"title":"x","impact":1}""", "urgency")]
    [InlineData("""{"title":"x","impact":1,"urgency":1,"category":"Nope/"}""", "category")]
    public async Task Open_InvalidBody_Answers400NamingTheField(string json, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        using var response = await client.PostAsync("/api/incidents", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ApiHost.JsonAsync(response);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Command_NotPermittedNow_Answers409WithPermittedCommands()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var response = await ApiHost.PostAsync(client, $"/api/incidents/{id}/close");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ApiHost.JsonAsync(response);
        Assert.Equal("close", problem["command"]!.GetValue<string>());
        Assert.Equal("new", problem["state"]!.GetValue<string>());
        var permitted = problem["permittedCommands"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("acknowledge", permitted);
        Assert.DoesNotContain("close", permitted);
    }

    [Fact]
    public async Task Command_MissingRequiredField_Answers400NamingIt()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var response = await ApiHost.PostAsync(client, $"/api/incidents/{id}/resolve", new { code = "fixed" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("notes", (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_StaleIfMatch_Answers412AndChangesNothing()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);
        using (var note = await ApiHost.PostAsync(client, $"/api/incidents/{id}/note", new { text = "first" }))
        {
            Assert.Equal("\"2\"", note.Headers.ETag!.Tag);
        }

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/acknowledge");
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await client.SendAsync(stale, Ct);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(2, (await ApiHost.JsonAsync(response))["currentVersion"]!.GetValue<long>());
        var incident = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}", Ct));
        Assert.Equal("new", incident["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_CurrentIfMatch_RunsAndMovesTheETag()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/acknowledge");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal("acknowledged", (await ApiHost.JsonAsync(response))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Commands_OpenAcknowledgeResolveClose_WalkTheWorkflowAndTheTimeline()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);
        (string Path, object? Body, string State)[] steps =
        [
            ("acknowledge", null, "acknowledged"),
            ("assign", new { assignee = "alice", assignmentGroup = "platform" }, "acknowledged"),
            ("start", null, "in-progress"),
            ("diagnose", new { stage = "SuspectedCause", text = "bad deploy" }, "in-progress"),
            ("status-update", new { text = "Rolling back", audience = "External" }, "in-progress"),
            ("hold", new { reason = "waiting on vendor" }, "on-hold"),
            ("resume", null, "in-progress"),
            ("note", new { text = "rolled back" }, "in-progress"),
            ("resolve", new { code = "fixed", notes = "Rolled back the deploy." }, "resolved"),
            ("reopen", new { reason = "still failing" }, "in-progress"),
            ("resolve", new { code = "fixed", notes = "Second rollback." }, "resolved"),
            ("close", null, "closed"),
        ];
        foreach (var (path, body, state) in steps)
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            using var response = await ApiHost.PostAsync(client, $"/api/incidents/{id}/{path}", body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal(state, (await ApiHost.JsonAsync(response))["state"]!.GetValue<string>());
        }

        var timeline = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/timeline", Ct));
        var events = timeline["events"]!.AsArray();
        Assert.Equal(steps.Length + 1, events.Count);
        Assert.Equal("opened", events[0]!["type"]!.GetValue<string>());
        Assert.Equal("closed", events[^1]!["type"]!.GetValue<string>());
        Assert.All(events, e => Assert.Equal("alice", e!["actor"]!.GetValue<string>()));
        Assert.Equal("2026-03-02T10:01:00Z", events[1]!["at"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task Export_AcknowledgedAndNoted_HoldsTheIncidentAndItsWholeTimelineAsADownload(StoreKind store)
    {
        await using var host = await ApiHost.StartAsync(store);
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client, "Checkout is down");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/acknowledge")).EnsureSuccessStatusCode();
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/note", new { text = "rolled back" })).EnsureSuccessStatusCode();

        using var response = await host.Client("a-viewer").GetAsync($"/api/incidents/{id}/export", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        var export = await ApiHost.JsonAsync(response);
        Assert.Equal(id, export["incident"]!["id"]!.GetValue<string>());
        Assert.Equal("acknowledged", export["incident"]!["state"]!.GetValue<string>());
        Assert.Equal(3, export["incident"]!["version"]!.GetValue<long>());
        Assert.Equal(["opened", "acknowledged", "work-note-added"], export["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("rolled back", export["timeline"]![2]!["event"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Priority_CommanderOverrides_ChangesPriority()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-commander");
        var id = await ApiHost.OpenAsync(client, impact: 3, urgency: 3);

        using var response = await ApiHost.PostAsync(client, $"/api/incidents/{id}/priority", new { priority = "P1", reason = "CEO cannot log in" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiHost.JsonAsync(response);
        Assert.Equal("P1", body["priority"]!.GetValue<string>());
        Assert.True(body["priorityOverridden"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_OpenIncident_ShowsSlaClocksAndOnlyCommandsTheRoleMayRun()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await ApiHost.OpenAsync(host.Client());
        host.Time.Advance(TimeSpan.FromMinutes(20));

        using var viewer = host.Client("a-viewer");
        var seenByViewer = await ApiHost.JsonAsync(await viewer.GetAsync($"/api/incidents/{id}", Ct));
        using var responder = host.Client();
        var seenByResponder = await ApiHost.JsonAsync(await responder.GetAsync($"/api/incidents/{id}", Ct));

        var sla = seenByResponder["sla"]!;
        Assert.Equal("breached", sla["response"]!["status"]!.GetValue<string>());
        Assert.Equal("2026-03-02T10:15:00Z", sla["response"]!["dueAt"]!.GetValue<string>());
        Assert.Equal("running", sla["resolution"]!["status"]!.GetValue<string>());
        Assert.True(sla["breached"]!.GetValue<bool>());
        Assert.Empty(seenByViewer["permittedCommands"]!.AsArray());
        var responderCommands = seenByResponder["permittedCommands"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("acknowledge", responderCommands);
        Assert.DoesNotContain("priority", responderCommands);
        Assert.DoesNotContain("cancel", responderCommands);
    }

    [Fact]
    public async Task Get_UnknownIncident_Answers404Problem()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();

        using var response = await client.GetAsync($"/api/incidents/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
