using System.Net;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class AuthorizationEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every command route, a body that makes it valid, and the lowest role allowed; each is run on an incident where the
    // workflow permits it, so a 403 can only come from the authoriser.
    public static TheoryData<string, string, string> Commands => new()
    {
        { "acknowledge", "", "responder" },
        { "start", "", "responder" },
        { "assign", """{"assignee":"bob"}""", "responder" },
        { "note", """{"text":"n"}""", "responder" },
        { "diagnose", """{"stage":"Symptoms","text":"t"}""", "responder" },
        { "status-update", """{"text":"u"}""", "responder" },
        { "resolve", """{"code":"fixed","notes":"n"}""", "responder" },
        { "priority", """{"priority":"P2","reason":"r"}""", "incident-commander" },
        { "cancel", """{"reason":"dup"}""", "incident-commander" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_ByRole_AllowedFromItsLowestRoleUp(string command, string body, string lowest)
    {
        await using var host = await ApiHost.StartAsync();
        string[] roles = ["viewer", "responder", "commander", "admin"];
        var lowestIndex = Array.IndexOf(roles, lowest == "incident-commander" ? "commander" : lowest);
        for (var n = 0; n < roles.Length; n++)
        {
            var id = await ApiHost.OpenAsync(host.Client("a-admin"));
            using var client = host.Client($"a-{roles[n]}");
            using var content = body.Length == 0 ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/api/incidents/{id}/{command}", content, Ct);

            var expected = n >= lowestIndex ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Assert.True(expected == response.StatusCode, $"{roles[n]} {command}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    [Theory]
    [InlineData("hold", """{"reason":"vendor"}""")]
    [InlineData("resume", "")]
    [InlineData("close", "")]
    [InlineData("reopen", """{"reason":"again"}""")]
    public async Task Command_Viewer_Answers403BeforeTheWorkflowIsAsked(string command, string body)
    {
        await using var host = await ApiHost.StartAsync();
        var id = await ApiHost.OpenAsync(host.Client("a-admin"));
        using var viewer = host.Client("a-viewer");
        using var content = body.Length == 0 ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await viewer.PostAsync($"/api/incidents/{id}/{command}", content, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Open_Viewer_Answers403()
    {
        await using var host = await ApiHost.StartAsync();
        using var viewer = host.Client("a-viewer");

        using var response = await ApiHost.PostAsync(viewer, "/api/incidents", new { title = "x", impact = 1, urgency = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
