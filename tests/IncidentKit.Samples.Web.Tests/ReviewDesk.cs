using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentKit.Samples.Web.Tests;

// One sample server shared by the tests of a class (xunit class fixture): starting the sample costs seconds, and each
// test works on incidents of its own, so they do not need a fresh desk each.
public sealed class ReviewDesk : IAsyncLifetime
{
    internal SampleServer Server { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Server = SampleServer.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>Opens an incident with a category through the API and resolves it; returns its id. With <paramref name="paged"/>,
    /// the worker pages the first escalation level and the incident is acknowledged before it is resolved, so its review
    /// has an escalation and an acknowledgement to show.</summary>
    public async Task<string> OpenAndResolveAsync(string title, string category, CancellationToken cancellationToken, bool paged = false)
    {
        using var client = Server.ApiClient();
        using var opened = await client.PostAsJsonAsync(new Uri("/api/incidents", UriKind.Relative),
            new { title, impact = 2, urgency = 2, service = "printing", category, source = "browser-test" }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
        if (paged)
        {
            await Server.WaitForFirstPageAsync(id, cancellationToken);
            using var acknowledged = await client.PostAsJsonAsync(new Uri($"/api/incidents/{id}/acknowledge", UriKind.Relative), new { }, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        using var resolved = await client.PostAsJsonAsync(new Uri($"/api/incidents/{id}/resolve", UriKind.Relative),
            new { code = "Fixed", notes = "Replaced the fuser" }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        return id;
    }

    /// <summary>Saves a review's authored part through the API (as another responder would) and returns its ETag.</summary>
    public async Task<string> PutReviewAsync(string id, object body, string? ifMatch, CancellationToken cancellationToken)
    {
        using var client = Server.ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/incidents/{id}/review", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT review answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return response.Headers.ETag!.Tag;
    }

    /// <summary>Adds an action item through the API.</summary>
    public async Task AddActionItemAsync(string id, object body, CancellationToken cancellationToken)
    {
        using var client = Server.ApiClient();
        using var response = await client.PostAsJsonAsync(new Uri($"/api/incidents/{id}/review/action-items", UriKind.Relative), body, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Reads a review as the API stores it.</summary>
    public async Task<JsonElement> ReviewAsync(string id, CancellationToken cancellationToken)
    {
        using var client = Server.ApiClient();
        return await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/incidents/{id}/review", UriKind.Relative), cancellationToken);
    }
}
