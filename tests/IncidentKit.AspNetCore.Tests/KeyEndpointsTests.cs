using System.Net;
using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class KeyEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.Sqlite)]
    public async Task List_CalendarFeedToken_IsListedAsAFeedWithoutItsSecretAndRevokedLikeAKey(StoreKind kind)
    {
        await using var host = await ApiHost.StartAsync(kind);
        using var alice = host.Client("a-responder");
        using var created = await alice.PostAsync("/api/oncall/feeds", null, Ct);
        var feed = await ApiHost.JsonAsync(created);
        var feedId = feed["id"]!.GetValue<string>();
        var url = new Uri(feed["url"]!.GetValue<string>());
        var token = url.AbsolutePath["/calendar/".Length..^".ics".Length];
        using var admin = host.Client("a-admin");

        var text = await admin.GetStringAsync(new Uri("/api/keys", UriKind.Relative), Ct);
        var listed = JsonNode.Parse(text)!.AsArray();

        var entry = Assert.Single(listed, k => k!["id"]!.GetValue<string>() == feedId)!;
        Assert.Equal(("calendar-feed", "alice"), (entry["kind"]!.GetValue<string>(), entry["user"]!.GetValue<string>()));
        Assert.All(listed.Where(k => k!["id"]!.GetValue<string>() != feedId), k => Assert.Equal("api-key", k!["kind"]!.GetValue<string>()));
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(IncidentKit.AspNetCore.Security.ApiKeys.Hash(token), text, StringComparison.Ordinal);

        // Tenant B's admin neither sees nor revokes it.
        using var otherTenant = host.Client("b-admin");
        Assert.DoesNotContain(feedId, await otherTenant.GetStringAsync(new Uri("/api/keys", UriKind.Relative), Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.DeleteAsync($"/api/keys/{feedId}", Ct)).StatusCode);
        using var calendarApp = host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(url.PathAndQuery, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{feedId}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url.PathAndQuery, Ct)).StatusCode);
        var after = JsonNode.Parse(await admin.GetStringAsync(new Uri("/api/keys", UriKind.Relative), Ct))!.AsArray();
        Assert.NotNull(Assert.Single(after, k => k!["id"]!.GetValue<string>() == feedId)!["revokedAt"]);
    }
}
