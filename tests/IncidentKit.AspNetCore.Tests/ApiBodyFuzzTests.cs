using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

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

    // Issue 11's bodies: the review's authored part, action items and problems; and issue 13's maintenance windows. Fewer cases
    // each, since every accepted one is stored.
    [Fact]
    public async Task ReviewAndActionItems_MutatedBodies_AnswerSuccessOrProblemNeverServerError()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);
        Assert.Equal(HttpStatusCode.Created, Send(client, HttpMethod.Put, $"/api/incidents/{id}/review", """{"summary":"first"}""").Status);
        Fuzz(client, HttpMethod.Put, $"/api/incidents/{id}/review",
            """{"owner":"carl","status":"draft","summary":"Pool exhausted","rootCause":"leak","mitigatedAt":"2026-03-02T10:00:00Z","contributingFactors":["no alert"],"wentWell":["paged fast"],"wentBadly":["slow rollback"]}""",
            HttpStatusCode.OK, FewerCases);
        var item = Created(client, $"/api/incidents/{id}/review/action-items", """{"title":"Fix","owner":"bob","businessDays":2}""");
        var other = await ApiHost.OpenAsync(client);
        Assert.Equal(HttpStatusCode.Created, Send(client, HttpMethod.Put, $"/api/incidents/{other}/review", """{"summary":"other"}""").Status);
        Fuzz(client, HttpMethod.Post, $"/api/incidents/{other}/review/action-items",
            """{"title":"Alert on pool size","owner":"bob","dueOn":"2026-03-10","ticket":"https://tracker.example/T-9"}""", HttpStatusCode.Created, FewerCases);
        Fuzz(client, HttpMethod.Patch, $"/api/incidents/{id}/review/action-items/{item}",
            """{"status":"done","owner":"alice","dueOn":"2026-03-11","ticket":"https://tracker.example/T-10"}""", HttpStatusCode.OK, FewerCases);
    }

    [Fact]
    public async Task ProblemsAndMaintenanceWindows_MutatedBodies_AnswerSuccessOrProblemNeverServerError()
    {
        await using var host = await ApiHost.StartAsync(configure: b => b.Services.AddIncidentKitAlerts());
        using var client = host.Client("a-admin");
        var id = await ApiHost.OpenAsync(client);
        Fuzz(client, HttpMethod.Post, "/api/problems", $$"""{"title":"Checkout pool exhaustion","owner":"carl","incidents":["{{id}}"],"rootCause":"leak","workaround":"restart"}""",
            HttpStatusCode.Created, FewerCases);
        var problem = Created(client, "/api/problems", """{"title":"Another"}""");
        Fuzz(client, HttpMethod.Patch, $"/api/problems/{problem}", """{"owner":"carl","rootCause":"leak","workaround":"restart","state":"known-error","note":"seen twice"}""",
            HttpStatusCode.OK, FewerCases);
        Fuzz(client, HttpMethod.Post, "/api/maintenance-windows",
            """{"matchers":["team=\"db\"","severity=~\"critical|page\""],"reason":"nightly vacuum","zone":"Europe/Berlin","days":["saturday"],"from":"23:30","to":"01:00","daysOfMonth":[1,15],"expiresAt":"2026-12-31T00:00:00Z"}""",
            HttpStatusCode.Created, FewerCases);
    }

    private const int FewerCases = 1_500;

    private static string Created(HttpClient client, string path, string json)
    {
        var (status, _, body) = Send(client, HttpMethod.Post, path, json);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static void Fuzz(HttpClient client, string path, string valid, HttpStatusCode success) => Fuzz(client, HttpMethod.Post, path, valid, success, Cases);

    private static void Fuzz(HttpClient client, HttpMethod method, string path, string valid, HttpStatusCode success, int cases)
    {
        var first = Send(client, method, path, valid);
        Assert.True(first.Status == success, $"{(int)first.Status} for the valid body: {first.Body}");
        var refused = 0;
        JsonMutator.Scripts.Sample(script =>
        {
            var json = JsonMutator.Mutate(valid, script);
            var (status, mediaType, _) = Send(client, method, path, json);
            if (status == success)
            {
                return;
            }

            Assert.True((int)status is >= 400 and < 500 && mediaType == "application/problem+json",
                $"{(int)status} {mediaType} for {(json.Length > 600 ? json[..600] + "…" : json)}");
            Interlocked.Increment(ref refused);
        }, iter: cases, threads: 1);

        // The mutations are not all harmless: many bodies must have been refused with a problem.
        Assert.True(refused > cases / 10, $"only {refused} of {cases} mutated bodies were refused");
    }

    private static (HttpStatusCode Status, string? MediaType, string Body) Send(HttpClient client, HttpMethod method, string path, string json) =>
        Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        }).GetAwaiter().GetResult();
}
