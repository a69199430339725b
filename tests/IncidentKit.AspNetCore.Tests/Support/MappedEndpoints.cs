using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests.Support;

/// <summary>Lists the host's mapped /api and /account endpoints, for the tests that check each is described.</summary>
internal static class MappedEndpoints
{
    public static List<(string Path, string Method)> ApiAndAccount(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/account", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalise(e.RoutePattern.RawText!), Method: m)))
            .ToList();

    /// <summary>Gives a route as OpenAPI and ApiExplorer name it: one leading slash, no trailing one, no constraints ({id:guid} is {id}).</summary>
    public static string Normalise(string raw) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(raw.Trim('/'), @"\{(\w+)(:[^}]+)?\}", "{$1}");
}
