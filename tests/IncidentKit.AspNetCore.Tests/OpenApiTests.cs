using System.Net.Http.Headers;
using System.Net.Http.Json;
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

    // A JSON body (request, or a success answer other than 204) must be described by its shape: a reference or an object or array
    // schema, never a bare string (a handler that writes JSON text) or nothing at all (a response declared without a type).
    [Fact]
    public async Task Document_EveryJsonBody_HasAnObjectSchema()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-admin");
        var paths = (await DocumentAsync(client))["paths"]!.AsObject();

        var wrong = new List<string>();
        foreach (var (path, operations) in paths)
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (operation?["requestBody"]?["content"] is JsonObject request)
                {
                    wrong.AddRange(JsonMediaTypes(request).Where(m => !DescribesShape(m.Schema)).Select(m => $"{method} {path} request {m.Type}"));
                }

                foreach (var (status, response) in operation?["responses"]?.AsObject() ?? [])
                {
                    if (!status.StartsWith('2') || status == "204")
                    {
                        continue;
                    }

                    if (response?["content"] is not JsonObject content || content.Count == 0)
                    {
                        wrong.Add($"{method} {path} {status}: no content described");
                        continue;
                    }

                    wrong.AddRange(JsonMediaTypes(content).Where(m => !DescribesShape(m.Schema)).Select(m => $"{method} {path} {status} {m.Type}"));
                }
            }
        }

        Assert.True(wrong.Count == 0, "Bodies without a real schema: " + string.Join("; ", wrong));
    }

    // The review is written by the core's JSON export, not through the API's serializer: every field a real answer carries is in
    // the schema the document gives for it (and for its action items).
    [Fact]
    public async Task Document_ReviewSchema_DescribesEveryFieldGetReviewAnswers()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-responder");
        var id = await ApiHost.OpenAsync(client);
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "s", rootCause = "pool", wentWell = new[] { "paged fast" } }, Ct)).EnsureSuccessStatusCode();
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Alert on pool size", owner = "bob", dueOn = "2026-03-10", ticket = "https://tracker.example/T-9" })).EnsureSuccessStatusCode();
        var review = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/review", Ct));
        var document = await DocumentAsync(client);
        var operation = document["paths"]!["/api/incidents/{id}/review"]!;

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("#/components/schemas/PostIncidentReview", operation["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/PostIncidentReview", operation["put"]!["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ReviewRequest", operation["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var declared = schemas["PostIncidentReview"]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.DoesNotContain(review, p => !declared.Contains(p.Key));
        Assert.Contains("actionItems", declared);
        var itemDeclared = schemas["ActionItem"]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        var item = Assert.Single(review["actionItems"]!.AsArray())!.AsObject();
        Assert.DoesNotContain(item, p => !itemDeclared.Contains(p.Key));
        Assert.Contains("ticket", item.Select(p => p.Key));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> DocumentAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct))!;

    private static IEnumerable<(string Type, JsonNode? Schema)> JsonMediaTypes(JsonObject content) =>
        content.Where(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Select(c => (c.Key, c.Value?["schema"]));

    private static bool DescribesShape(JsonNode? schema) =>
        schema?["$ref"] is not null || schema?["type"]?.ToString() is "object" or "array";
}
