using IncidentKit.AspNetCore.Http;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests;

public sealed class PostgreSqlChangeRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_ChangeCommittedOnAnotherNode_ReachesThisNodesStreamOfThatTenantOnly()
    {
        await using var first = await ApiHost.StartAsync(StoreKind.PostgreSql);
        await using var second = await ApiHost.StartAsync(StoreKind.PostgreSql, sameDatabaseAs: first);
        await second.Services.GetRequiredService<PostgreSqlChangeRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        using var watcher = second.Client("a-viewer");
        using var stream = await watcher.GetAsync("/api/incidents/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        Assert.Equal("event: ready", await ReadEventLineAsync(reader));
        Assert.Equal("data: {}", await ReadEventLineAsync(reader));

        // Both changes are committed on the first node: tenant B's first, so that it would arrive first if it leaked.
        await ApiHost.OpenAsync(first.Client("b-admin"), "tenant B's secret outage");
        var opened = await ApiHost.OpenAsync(first.Client("a-responder"), "Checkout is down");

        Assert.Equal("event: incident", await ReadEventLineAsync(reader));
        var data = await ReadEventLineAsync(reader);
        Assert.StartsWith("data: ", data);
        Assert.Contains(opened, data);
        Assert.DoesNotContain("tenant B", data);
    }

    private static async Task<string?> ReadEventLineAsync(StreamReader reader)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is { Length: 0 } || (line is not null && line.StartsWith("id:", StringComparison.Ordinal)));
        return line;
    }
}
