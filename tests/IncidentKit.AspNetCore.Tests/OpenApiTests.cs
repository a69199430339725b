using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task Document_EveryMappedEndpoint_IsDescribed()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-admin");
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken))!;
        var paths = document["paths"]!.AsObject();

        var mapped = MappedEndpoints.ApiAndAccount(host.Services).Select(m => (m.Path, Method: m.Method.ToLowerInvariant())).ToList();

        Assert.True(mapped.Count >= 25, $"only {mapped.Count} endpoints mapped");
        var missing = mapped.Where(m => paths[m.Path]?[m.Method] is null).ToList();
        Assert.True(missing.Count == 0, "Not in the OpenAPI document: " + string.Join(", ", missing));
    }
}
