using System.Net;
using System.Text;
using CsCheck;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Tests.TestSupport;

namespace IncidentKit.AspNetCore.Tests;

/// <summary>Random mutations of valid API bodies get an answer the API documents (success or a problem), never a server error.</summary>
public sealed class ApiBodyFuzzTests
{
    private const int Cases = 10_000;

    [Fact]
    public async Task Open_MutatedBodies_AnswerCreatedOrProblemNeverServerError()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        const string valid = """
            {"title":"Checkout is down","description":"502s on pay","impact":1,"urgency":2,"category":"Software/Web","service":"checkout","source":"phone"}
            """;
        Fuzz(client, "/api/incidents", valid, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Note_MutatedBodies_AnswerOkOrProblemNeverServerError()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);
        Fuzz(client, $"/api/incidents/{id}/note", """{"text":"restarted the pool; watching p99"}""", HttpStatusCode.OK);
    }

    private static void Fuzz(HttpClient client, string path, string valid, HttpStatusCode success)
    {
        Assert.Equal(success, Post(client, path, valid).Status);
        var refused = 0;
        JsonMutator.Scripts.Sample(script =>
        {
            var json = JsonMutator.Mutate(valid, script);
            var (status, mediaType) = Post(client, path, json);
            if (status == success)
            {
                return;
            }

            Assert.True((int)status is >= 400 and < 500 && mediaType == "application/problem+json",
                $"{(int)status} {mediaType} for {(json.Length > 600 ? json[..600] + "…" : json)}");
            Interlocked.Increment(ref refused);
        }, iter: Cases, threads: 1);

        // The mutations are not all harmless: many bodies must have been refused with a problem.
        Assert.True(refused > Cases / 10, $"only {refused} of {Cases} mutated bodies were refused");
    }

    private static (HttpStatusCode Status, string? MediaType) Post(HttpClient client, string path, string json) =>
        Task.Run(async () =>
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content).ConfigureAwait(false);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }).GetAwaiter().GetResult();
}
