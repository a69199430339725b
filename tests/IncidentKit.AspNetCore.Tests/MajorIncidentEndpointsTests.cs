using System.Net;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Runbooks;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests;

public sealed class MajorIncidentEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeclareRolesStandDown_OverHttp_OnlyTheIncidentsCommanderOrAnAdminChangesRolesPriorityAndStandsDown()
    {
        await using var host = await ApiHost.StartAsync();
        await host.AddKeyAsync("a-commander-2", ApiHost.TenantA, "cora", IncidentRole.IncidentCommander);
        using var responder = host.Client("a-responder");
        using var carl = host.Client("a-commander");
        using var cora = host.Client("a-commander-2");
        using var admin = host.Client("a-admin");
        var id = await ApiHost.OpenAsync(responder);

        using (var declared = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/declare-major", new { reason = "checkout down everywhere" }))
        {
            Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        }

        using (var forbidden = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/roles", new { role = "IncidentCommander", user = "carl" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var named = await ApiHost.PostAsync(cora, $"/api/incidents/{id}/roles", new { role = "IncidentCommander", user = "carl" }))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }

        // Cora holds the tenant's commander role, but Carl commands this incident now.
        foreach (var (path, body) in new (string, object)[]
        {
            ("roles", new { role = "Scribe", user = "alice" }),
            ("priority", new { priority = "P2", reason = "smaller than feared" }),
            ("stand-down", new { reason = "contained" }),
        })
        {
            using var denied = await ApiHost.PostAsync(cora, $"/api/incidents/{id}/{path}", body);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("carl", await denied.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var scribe = await ApiHost.PostAsync(carl, $"/api/incidents/{id}/roles", new { role = "Scribe", user = "alice", note = "taking notes" }))
        {
            Assert.Equal(HttpStatusCode.OK, scribe.StatusCode);
        }

        using (var badRole = await ApiHost.PostAsync(carl, $"/api/incidents/{id}/roles", new { user = "alice" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
            Assert.Contains("IncidentCommander", await badRole.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var during = await responder.GetAsync($"/api/incidents/{id}", Ct))
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(await during.Content.ReadAsStringAsync(Ct))!;
            Assert.True(body["isMajor"]!.GetValue<bool>());
            var roles = body["responseRoles"]!.AsArray();
            Assert.Equal(["IncidentCommander:carl", "Scribe:alice"], roles.Select(r => $"{r!["role"]}:{r["user"]}"));
            Assert.Equal("taking notes", roles[1]!["note"]!.GetValue<string>());
        }

        using (var stoodDown = await ApiHost.PostAsync(admin, $"/api/incidents/{id}/stand-down", new { reason = "contained" }))
        {
            Assert.Equal(HttpStatusCode.OK, stoodDown.StatusCode);
        }

        using (var after = await responder.GetAsync($"/api/incidents/{id}", Ct))
        {
            Assert.False(System.Text.Json.Nodes.JsonNode.Parse(await after.Content.ReadAsStringAsync(Ct))!["isMajor"]!.GetValue<bool>());
        }

        using var timeline = await responder.GetAsync($"/api/incidents/{id}/timeline", Ct);
        var text = await timeline.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"major-incident-declared\"", text, StringComparison.Ordinal);
        Assert.Contains("\"response-role-assigned\"", text, StringComparison.Ordinal);
        Assert.Contains("\"major-incident-stood-down\"", text, StringComparison.Ordinal);

        using (var again = await ApiHost.PostAsync(admin, $"/api/incidents/{id}/stand-down", new { reason = "twice" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
    }

    [Fact]
    public async Task RunbookStep_OverHttp_CompletesAndSkipsWithANoteGatesResolveAndShowsEachStep()
    {
        await using var host = await ApiHost.StartAsync(options: o => o.Workflow.RequireRunbookStepsToResolve = true);
        using var responder = host.Client("a-responder");
        using var viewer = host.Client("a-viewer");
        var id = await ApiHost.OpenAsync(responder);
        var runbook = new Runbook("db-failover", 3, "Database failover",
        [
            new RunbookStep("Page the DBA on call", true, Duration.FromMinutes(5), [new Uri("https://wiki.example.com/dba")]),
            new RunbookStep("Promote the replica", true, null, []),
            new RunbookStep("Tell support", false, null, []),
        ]);
        await host.Services.GetRequiredService<IncidentService>().ExecuteAsync(ApiHost.TenantA, new IncidentId(Guid.Parse(id)),
            (i, at) => i.AttachRunbook(runbook.ToSnapshot(), "by hand", at, new UserId("alice")), Ct);
        (await ApiHost.PostAsync(responder, $"/api/incidents/{id}/acknowledge")).Dispose();

        using (var done = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/runbook-step", new { step = 1, note = "paged Dana" }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        foreach (var (body, field) in new (object, string)[] { (new { step = 2, skip = true }, "note"), (new { step = 9 }, "step"), (new { note = "which?" }, "step") })
        {
            using var bad = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/runbook-step", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains($"\"{field}\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var forbidden = await ApiHost.PostAsync(viewer, $"/api/incidents/{id}/runbook-step", new { step = 2, note = "no" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var gated = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "promoted" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, gated.StatusCode);
            Assert.Contains("2. Promote the replica", await gated.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var read = await responder.GetAsync($"/api/incidents/{id}", Ct))
        {
            Assert.DoesNotContain("resolve", (await ApiHost.JsonAsync(read))["permittedCommands"]!.AsArray().Select(c => c!.GetValue<string>()));
        }

        using (var skipped = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/runbook-step", new { step = 2, skip = true, note = "the primary came back" }))
        {
            Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        }

        using (var resolved = await ApiHost.PostAsync(responder, $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "primary recovered" }))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
            var shown = (await ApiHost.JsonAsync(resolved))["runbook"]!;
            Assert.Equal(("db-failover", 3), (shown["id"]!.GetValue<string>(), shown["version"]!.GetValue<int>()));
            var steps = shown["steps"]!.AsArray();
            Assert.Equal(["completed:alice:paged Dana", "skipped:alice:the primary came back", "open::"],
                steps.Select(s => $"{s!["state"]}:{s["finishedBy"]}:{s["note"]}"));
            Assert.Equal("https://wiki.example.com/dba", steps[0]!["links"]![0]!.GetValue<string>());
            Assert.True(steps[0]!["required"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task Get_MajorIncidentWithACommander_ListsPriorityOnlyForTheCommanderOrAnAdmin()
    {
        await using var host = await ApiHost.StartAsync();
        await host.AddKeyAsync("a-commander-2", ApiHost.TenantA, "cora", IncidentRole.IncidentCommander);
        using var carl = host.Client("a-commander");
        using var cora = host.Client("a-commander-2");
        using var admin = host.Client("a-admin");
        var id = await ApiHost.OpenAsync(carl);
        (await ApiHost.PostAsync(carl, $"/api/incidents/{id}/declare-major", new { reason = "checkout down everywhere" })).Dispose();

        async Task<bool> MayChangePriorityAsync(HttpClient client)
        {
            using var read = await client.GetAsync($"/api/incidents/{id}", Ct);
            return (await ApiHost.JsonAsync(read))["permittedCommands"]!.AsArray().Any(c => c!.GetValue<string>() == "priority");
        }

        Assert.True(await MayChangePriorityAsync(cora));
        (await ApiHost.PostAsync(cora, $"/api/incidents/{id}/roles", new { role = "IncidentCommander", user = "carl" })).Dispose();

        Assert.False(await MayChangePriorityAsync(cora));
        Assert.True(await MayChangePriorityAsync(carl));
        Assert.True(await MayChangePriorityAsync(admin));
    }
}
