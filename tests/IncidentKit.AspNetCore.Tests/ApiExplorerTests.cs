using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests;

// ApiExplorer is what Swashbuckle and NSwag read, and on .NET 8 (no AddOpenApi) the only description AddIncidentKitApi
// registers: every endpoint must be in it, with the problem responses the /api group declares.
public sealed class ApiExplorerTests
{
    [Fact]
    public async Task ApiDescriptions_EveryMappedEndpoint_IsDescribedWithItsProblemResponses()
    {
        await using var host = await ApiHost.StartAsync();
        var described = host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .ToLookup(d => (Path: MappedEndpoints.Normalise(d.RelativePath ?? ""), Method: (d.HttpMethod ?? "").ToUpperInvariant()));

        var mapped = MappedEndpoints.ApiAndAccount(host.Services);

        Assert.True(mapped.Count >= 25, $"only {mapped.Count} endpoints mapped");
        var missing = mapped.Where(m => !described.Contains(m)).ToList();
        Assert.True(missing.Count == 0, "Not described to ApiExplorer: " + string.Join(", ", missing));
        var withoutProblems = mapped.Where(m => m.Path.StartsWith("/api", StringComparison.Ordinal))
            .Where(m => !described[m].Any(d => new[] { 400, 401, 403, 404 }.All(status => d.SupportedResponseTypes.Any(r => r.StatusCode == status))))
            .ToList();
        Assert.True(withoutProblems.Count == 0, "Described without the 400/401/403/404 problem responses: " + string.Join(", ", withoutProblems));
    }
}
