using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/account", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalise(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();

        Assert.True(mapped.Count >= 25, $"only {mapped.Count} endpoints mapped");
        var missing = mapped.Where(m => paths[m.Path]?[m.Method] is null).ToList();
        Assert.True(missing.Count == 0, "Not in the OpenAPI document: " + string.Join(", ", missing));
    }

    // Route constraints ({id:guid}) are not part of OpenAPI paths.
    private static string Normalise(string raw) =>
        System.Text.RegularExpressions.Regex.Replace(raw.TrimEnd('/'), @"\{(\w+):[^}]+\}", "{$1}") is { Length: > 0 } p ? p : "/";
}
