using System.Net;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests;

// A query value minimal APIs cannot bind (a bool, an int) is answered as every other bad input of MapIncidentKitApi: an
// RFC 9457 problem detail naming the field and what it allows, not the framework's empty 400.
public sealed class ApiQueryBindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/action-items?pending=maybe", "pending", "true or false")]
    [InlineData("/api/action-items?max=ten", "max", "whole number")]
    [InlineData("/api/problems/suggestions?days=thirty", "days", "whole number")]
    [InlineData("/api/problems?max=1e3", "max", "whole number")]
    [InlineData("/api/reports/incidents.csv?from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z&exercises=yes", "exercises", "true or false")]
    [InlineData("/api/incidents?pageSize=abc", "pageSize", "whole number")]
    [InlineData("/api/incidents?breached=often", "breached", "true or false")]
    [InlineData("/api/oncall/ops.ics?days=many", "days", "whole number")]
    public async Task MapIncidentKitApi_UnparsableQueryValue_AnswersAProblemDetailNamingTheField(string path, string field, string allowed)
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ApiHost.JsonAsync(response);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.Contains(allowed, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
    }

    // ASP.NET Core throws BadHttpRequestException instead (before any endpoint filter) when RouteHandlerOptions.ThrowOnBadRequest
    // is on, its default in Development: the answer must be the same problem detail.
    [Fact]
    public async Task MapIncidentKitApi_UnparsableQueryValueWithThrowOnBadRequest_AnswersTheSameProblemDetail()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite,
            builder => builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true));
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync("/api/action-items?pending=maybe", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pending", (await ApiHost.JsonAsync(response))["field"]!.GetValue<string>());
    }

    // The other 400s keep their shape: a value that parses but is out of range is the endpoint's own problem detail.
    [Fact]
    public async Task MapIncidentKitApi_ParsableButOutOfRangeQueryValue_KeepsTheEndpointsOwnDetail()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client("a-responder");

        using var response = await client.GetAsync("/api/action-items?max=0", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiHost.JsonAsync(response);
        Assert.Equal("max", problem["field"]!.GetValue<string>());
        Assert.Equal("max must be 1 to 1000.", problem["detail"]!.GetValue<string>());
    }
}
