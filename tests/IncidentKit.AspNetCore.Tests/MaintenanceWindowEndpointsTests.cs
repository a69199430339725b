using System.Net;
using System.Text.Json.Nodes;
using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests;

public sealed class MaintenanceWindowEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object OneOff = new
    {
        id = "db-upgrade",
        matchers = new[] { "service=\"checkout\"", "severity=~\"critical|page\"" },
        reason = "database upgrade",
        start = "2026-03-02T10:00:00Z",
        end = "2026-03-02T12:00:00Z",
    };

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.Sqlite)]
    public async Task Create_OneOffByCommander_IsListedWithTheCallerAsCreatorAndAudited(StoreKind kind)
    {
        await using var host = await StartAsync(kind);
        using var commander = host.Client("a-commander");

        using var created = await ApiHost.PostAsync(commander, "/api/maintenance-windows", OneOff);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/maintenance-windows/db-upgrade", created.Headers.Location?.ToString());
        var listed = Assert.Single(await ListAsync(host.Client("a-viewer")))!;
        Assert.Equal(("db-upgrade", "carl", "database upgrade", "live"),
            (listed["id"]!.GetValue<string>(), listed["createdBy"]!.GetValue<string>(), listed["reason"]!.GetValue<string>(), listed["state"]!.GetValue<string>()));
        Assert.Equal(["service=\"checkout\"", "severity=~\"critical|page\""], listed["matchers"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("2026-03-02T12:00:00Z", listed["end"]!.GetValue<string>());
        var audit = Assert.Single(JsonNode.Parse(await host.Client("a-viewer").GetStringAsync(new Uri("/api/maintenance-windows/audit", UriKind.Relative), Ct))!.AsArray())!;
        Assert.Equal(("db-upgrade", "created", "carl", "database upgrade"),
            (audit["windowId"]!.GetValue<string>(), audit["change"]!.GetValue<string>(), audit["actor"]!.GetValue<string>(), audit["reason"]!.GetValue<string>()));

        // The intake silences with it at once.
        Assert.Contains(host.Services.GetRequiredService<AlertProcessor>().Silences.Windows, w => w.Id == "db-upgrade" && w.Tenant == ApiHost.TenantA);
        Assert.Equal(HttpStatusCode.Conflict, (await ApiHost.PostAsync(commander, "/api/maintenance-windows", OneOff)).StatusCode);
    }

    [Fact]
    public async Task Create_WeeklyWindowCrossingMidnight_IsListedWithItsRule()
    {
        await using var host = await StartAsync(StoreKind.InMemory);

        using var created = await ApiHost.PostAsync(host.Client("a-admin"), "/api/maintenance-windows", new
        {
            matchers = new[] { "team=\"db\"" },
            reason = "nightly vacuum",
            zone = "Europe/Berlin",
            days = new[] { "saturday", "Sunday" },
            from = "23:30",
            to = "01:00",
            daysOfMonth = new[] { 1, 15 },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ApiHost.JsonAsync(created);
        Assert.StartsWith("mw-", body["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("Europe/Berlin", "23:30:00", "01:00:00", "ada"),
            (body["zone"]!.GetValue<string>(), body["from"]!.GetValue<string>(), body["to"]!.GetValue<string>(), body["createdBy"]!.GetValue<string>()));
        Assert.Equal(["saturday", "sunday"], body["days"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal([1, 15], body["daysOfMonth"]!.AsArray().Select(d => d!.GetValue<int>()));
    }

    [Fact]
    public async Task Create_ResponderOrViewer_Answers403AndWritesNothing()
    {
        await using var host = await StartAsync(StoreKind.InMemory);

        Assert.Equal(HttpStatusCode.Forbidden, (await ApiHost.PostAsync(host.Client("a-responder"), "/api/maintenance-windows", OneOff)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiHost.PostAsync(host.Client("a-viewer"), "/api/maintenance-windows", OneOff)).StatusCode);

        Assert.Empty(await ListAsync(host.Client("a-viewer")));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"matchers":["service=\"checkout\"","job=~\"(unclosed\""],"reason":"r","start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z"}""", "matchers[1]" },
        { """{"matchers":["no operator here"],"reason":"r","start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z"}""", "matchers[0]" },
        { """{"matchers":[],"reason":"r","start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z"}""", "matchers" },
        { """{"matchers":["a=\"b\""],"start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z"}""", "reason" },
        { """{"matchers":["a=\"b\""],"reason":"r","start":"2026-03-02T10:00:00Z","end":"2026-03-02T09:00:00Z"}""", "end" },
        { """{"matchers":["a=\"b\""],"reason":"r","zone":"Mars/Olympus_Mons","days":["monday"],"from":"22:00","to":"23:00"}""", "zone" },
        { """{"matchers":["a=\"b\""],"reason":"r","zone":"Europe/Berlin","days":["funday"],"from":"22:00","to":"23:00"}""", "days" },
        { """{"matchers":["a=\"b\""],"reason":"r","zone":"Europe/Berlin","days":["monday"],"from":"25:00","to":"23:00"}""", "from" },
        { """{"matchers":["a=\"b\""],"reason":"r","zone":"Europe/Berlin","days":["monday"],"from":"22:00","to":"23:00","daysOfMonth":[32]}""", "daysOfMonth" },
        { """{"matchers":["a=\"b\""],"reason":"r"}""", "start" },
        { """{"matchers":["a=\"b\""],"reason":"r","start":"yesterday","end":"2026-03-02T09:00:00Z"}""", "start" },
        { """{"matchers":["a=\"b\""],"reason":"r","start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z","tenant":"tenant-b"}""", "tenant" },
        { """{"matchers":["a=\"b\""],"reason":"r","start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z","createdBy":"someone-else"}""", "createdBy" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadField_Answers400ProblemNamingTheField(string json, string field)
    {
        await using var host = await StartAsync(StoreKind.InMemory);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await host.Client("a-commander").PostAsync("/api/maintenance-windows", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
        Assert.Empty(await ListAsync(host.Client("a-viewer")));
    }

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.Sqlite)]
    public async Task ExpireAndDelete_AnotherTenantsWindow_Answer404AndLeaveItAsItWas(StoreKind kind)
    {
        await using var host = await StartAsync(kind);
        using var owner = host.Client("a-commander");
        Assert.Equal(HttpStatusCode.Created, (await ApiHost.PostAsync(owner, "/api/maintenance-windows", OneOff)).StatusCode);
        using var other = host.Client("b-admin");

        Assert.Empty(await ListAsync(other));
        Assert.Equal(HttpStatusCode.NotFound, (await ApiHost.PostAsync(other, "/api/maintenance-windows/db-upgrade/expire", new { reason = "mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync("/api/maintenance-windows/db-upgrade?reason=gone", Ct)).StatusCode);
        Assert.Empty(JsonNode.Parse(await other.GetStringAsync(new Uri("/api/maintenance-windows/audit", UriKind.Relative), Ct))!.AsArray());
        Assert.Equal("live", Assert.Single(await ListAsync(owner))!["state"]!.GetValue<string>());

        // Its own tenant expires it (with a reason), then deletes it; both are audited with who and why.
        Assert.Equal(HttpStatusCode.BadRequest, (await ApiHost.PostAsync(owner, "/api/maintenance-windows/db-upgrade/expire", new { })).StatusCode);
        using var expired = await ApiHost.PostAsync(owner, "/api/maintenance-windows/db-upgrade/expire", new { reason = "done early" });
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal("expired", (await ApiHost.JsonAsync(expired))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await ApiHost.PostAsync(owner, "/api/maintenance-windows/db-upgrade/expire", new { reason = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.DeleteAsync("/api/maintenance-windows/db-upgrade", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client("a-admin").DeleteAsync("/api/maintenance-windows/db-upgrade?reason=cleanup", Ct)).StatusCode);

        Assert.Empty(await ListAsync(owner));
        var audit = JsonNode.Parse(await owner.GetStringAsync(new Uri("/api/maintenance-windows/audit", UriKind.Relative), Ct))!.AsArray();
        Assert.Equal([("created", "carl", "database upgrade"), ("expired", "carl", "done early"), ("deleted", "ada", "cleanup")],
            audit.Select(a => (a!["change"]!.GetValue<string>(), a["actor"]!.GetValue<string>(), a["reason"]!.GetValue<string>())));
    }

    private static Task<ApiHost> StartAsync(StoreKind kind) => ApiHost.StartAsync(kind, configure: b => b.Services.AddIncidentKitAlerts());

    private static async Task<JsonArray> ListAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri("/api/maintenance-windows", UriKind.Relative), Ct))!.AsArray();
}
