using System.Net;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class IncidentListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<string>> TitlesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/incidents{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ApiHost.JsonAsync(response);
        return [.. page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>())];
    }

    [Fact]
    public async Task List_Filters_ReturnOnlyMatchingIncidents()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        await ApiHost.OpenAsync(client, "p1 checkout", 1, 1, "checkout");
        host.Time.Advance(TimeSpan.FromMinutes(10));
        var p3 = await ApiHost.OpenAsync(client, "p3 vpn", 2, 2, "vpn");
        host.Time.Advance(TimeSpan.FromMinutes(10));
        var resolved = await ApiHost.OpenAsync(client, "p1 resolved", 1, 1, "checkout");
        using (await ApiHost.PostAsync(client, $"/api/incidents/{resolved}/resolve", new { code = "fixed", notes = "done" }))
        {
        }

        using (await ApiHost.PostAsync(client, $"/api/incidents/{p3}/assign", new { assignee = "bob" }))
        {
        }

        host.Time.Advance(TimeSpan.FromMinutes(10)); // the first P1 is now 30 min unacknowledged: its 15-min response target is breached

        Assert.Equal(["p1 checkout", "p3 vpn"], await TitlesAsync(client, ""));
        Assert.Equal(["p1 resolved"], await TitlesAsync(client, "?status=resolved"));
        Assert.Equal(["p1 checkout", "p3 vpn", "p1 resolved"], await TitlesAsync(client, "?status=all"));
        Assert.Equal(["p1 checkout"], await TitlesAsync(client, "?priority=P1"));
        Assert.Equal(["p1 checkout", "p1 resolved"], await TitlesAsync(client, "?status=all&service=checkout"));
        Assert.Equal(["p3 vpn"], await TitlesAsync(client, "?assignee=bob"));
        Assert.Equal(["p1 checkout"], await TitlesAsync(client, "?breached=true"));
        Assert.Equal(["p3 vpn"], await TitlesAsync(client, "?breached=false"));
        Assert.Equal(["p3 vpn"], await TitlesAsync(client, "?status=all&openedFrom=2026-03-02T10:05:00Z&openedTo=2026-03-02T10:15:00Z"));
    }

    [Fact]
    public async Task List_PagedByContinuationToken_VisitsEveryMatchOnce()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var expected = new List<string>();
        for (var n = 0; n < 7; n++)
        {
            var service = n % 2 == 0 ? "even" : "odd";
            await ApiHost.OpenAsync(client, $"incident {n}", 2, 2, service);
            if (service == "even")
            {
                expected.Add($"incident {n}");
            }

            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = $"/api/incidents?service=even&pageSize=2{(token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}")}";
            var page = await ApiHost.JsonAsync(await client.GetAsync(query, Ct));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(expected, seen);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task List_IncludeSla_AddsClocksPerRow()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        await ApiHost.OpenAsync(client);

        var page = await ApiHost.JsonAsync(await client.GetAsync("/api/incidents?include=sla", Ct));
        var plain = await ApiHost.JsonAsync(await client.GetAsync("/api/incidents", Ct));

        Assert.Equal("2026-03-02T10:15:00Z", page["items"]![0]!["sla"]!["response"]!["dueAt"]!.GetValue<string>());
        Assert.Null(plain["items"]![0]!["sla"]);
    }

    [Theory]
    [InlineData("?status=sleeping", "status")]
    [InlineData("?priority=urgent", "priority")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?openedFrom=yesterday", "openedFrom")]
    [InlineData("?continuationToken=garbage", "continuationToken")]
    public async Task List_BadQuery_Answers400NamingTheParameter(string query, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();

        using var response = await client.GetAsync($"/api/incidents{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }
}
