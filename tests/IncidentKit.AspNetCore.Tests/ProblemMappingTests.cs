using System.Net;
using System.Net.Http.Json;
using IncidentKit.AspNetCore.Http;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentKit.AspNetCore.Tests;

// The one place where exceptions become problem details: documented client mistakes map to their status, programming errors
// are not disguised as client mistakes.
public sealed class ProblemMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ToProblem_ClientMistakes_MapToTheirStatus()
    {
        var tenant = new TenantId("acme");
        var incident = IncidentId.New();

        Assert.Equal(404, Status(new IncidentNotFoundException(tenant, incident)));
        Assert.Equal(409, Status(new IncidentConcurrencyException(tenant, incident, new ExpectedVersion(2), 3)));
        Assert.Equal(400, Status(new ArgumentException("Title is required.", "details.Title")));
    }

    [Fact]
    public void ToProblem_ProgrammingErrors_AreNotMapped()
    {
        // A bare KeyNotFoundException is a lookup bug somewhere, not "no such incident": the host answers it as a 500.
        Assert.Null(ProblemMapping.ToProblem(new KeyNotFoundException("The given key 'x' was not present in the dictionary.")));
        Assert.Null(ProblemMapping.ToProblem(new InvalidOperationException("Collection was modified.")));
    }

    [Fact]
    public async Task Command_UnknownIncident_Answers404Problem()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();

        using var response = await client.PostAsJsonAsync($"/api/incidents/{Guid.NewGuid()}/acknowledge", new { }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ApiHost.JsonAsync(response);
        Assert.Equal(404, problem["status"]!.GetValue<int>());
        Assert.Equal("There is no such incident.", problem["detail"]!.GetValue<string>());
    }

    private static int? Status(Exception ex) => Assert.IsType<ProblemHttpResult>(ProblemMapping.ToProblem(ex)).StatusCode;
}
