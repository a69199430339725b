using System.Net;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class TenantIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task TenantAKey_TenantBIncident_CannotListReadChangeExportOrStreamIt(StoreKind store)
    {
        await using var host = await ApiHost.StartAsync(store);
        using var b = host.Client("b-admin");
        using var a = host.Client("a-admin");
        var theirs = await ApiHost.OpenAsync(b, "tenant B's secret outage");
        var ours = await ApiHost.OpenAsync(a, "tenant A's outage");

        var listed = await ApiHost.JsonAsync(await a.GetAsync("/api/incidents?status=all", Ct));
        Assert.Equal([ours], listed["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/incidents/{theirs}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/incidents/{theirs}/timeline", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/incidents/{theirs}/export", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/incidents/{ours}/export", Ct)).StatusCode);
        foreach (var (command, body) in new (string, object?)[] { ("acknowledge", null), ("note", new { text = "x" }), ("cancel", new { reason = "x" }) })
        {
            using var change = await ApiHost.PostAsync(a, $"/api/incidents/{theirs}/{command}", body);
            Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        }

        // Tenant B's incident is untouched, and B cannot reach A's either.
        var stillTheirs = await ApiHost.JsonAsync(await b.GetAsync($"/api/incidents/{theirs}", Ct));
        Assert.Equal(1, stillTheirs["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/incidents/{ours}", Ct)).StatusCode);

        // Streams: A's stream carries A's change and never B's.
        using var stream = await a.GetAsync("/api/incidents/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        Assert.Equal("event: ready", await ReadEventLineAsync(reader));
        Assert.Equal("data: {}", await ReadEventLineAsync(reader));
        await ApiHost.OpenAsync(b, "another of B's");
        var mine = await ApiHost.OpenAsync(a, "another of A's");
        Assert.Equal("event: incident", await ReadEventLineAsync(reader));
        var line = await ReadEventLineAsync(reader);

        Assert.StartsWith("data: ", line);
        Assert.Contains(mine, line);
        Assert.DoesNotContain("B's", line);
    }

    private static async Task<string?> ReadEventLineAsync(StreamReader reader)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is { Length: 0 });
        return line;
    }
}
