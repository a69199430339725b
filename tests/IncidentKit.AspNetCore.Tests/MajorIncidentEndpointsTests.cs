using System.Net;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Authorization;

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
}
