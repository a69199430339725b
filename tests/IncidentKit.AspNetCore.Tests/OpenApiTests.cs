using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentKit.AspNetCore.Tests.Support;
using NodaTime.Text;

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

    // Values with their own converters (instants, durations, dates, ids, priorities, levels) come out of the JSON schema exporter as
    // empty schemas: a generated client then cannot know what to send. Every schema in the document, in the components and inline,
    // each property, item and branch, must say what it is; and every example it gives must satisfy the schema it sits in.
    [Fact]
    public async Task Document_EverySchema_DeclaresWhatItIs()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-admin");
        var document = await DocumentAsync(client);
        var schemas = document["components"]!["schemas"]!.AsObject();

        var offenders = new List<string>();
        Walk(document, "#", (schema, path) =>
        {
            // The timeline's event is the store's own JSON for that event type: any object, by design.
            if (path == "#/components/schemas/JsonElement")
            {
                return;
            }

            if (!schema.ContainsKey("type") && !schema.ContainsKey("$ref") && !Combinators.Any(schema.ContainsKey) && !schema.ContainsKey("enum") && !schema.ContainsKey("const"))
            {
                offenders.Add($"{path} declares nothing: {schema.ToJsonString()}");
            }
            else if (Types(schema).Contains("array") && schema["items"] is null)
            {
                offenders.Add($"{path} is an array of nothing said");
            }

            foreach (var example in (schema["examples"] as JsonArray ?? []).Append(schema["example"]).OfType<JsonNode>())
            {
                offenders.AddRange(Mismatches(example, schema, schemas, $"{path} example"));
            }
        });

        Assert.True(offenders.Count == 0, $"{offenders.Count} schemas say too little:\n" + string.Join("\n", offenders));
        Assert.Equal("date-time", schemas["Instant"]!["format"]!.GetValue<string>());
        Assert.Equal("date", schemas["LocalDate"]!["format"]!.GetValue<string>());
        Assert.Equal("uuid", schemas["IncidentId"]!["format"]!.GetValue<string>());
        Assert.NotNull(schemas["Duration"]!["pattern"]);

        // CategoryPath is reached only through a nullable property (the review's category): null or a described string.
        var category = schemas["PostIncidentReview"]!["properties"]!["category"]!["oneOf"]!.AsArray();
        Assert.Equal("#/components/schemas/CategoryPath", category.Single(b => b?["$ref"] is not null)!["$ref"]!.GetValue<string>());
        Assert.Equal("string", schemas["CategoryPath"]!["type"]!.GetValue<string>());
    }

    // Query parameters the handlers take as text and parse as an instant, a user id, a category or a priority are described as the
    // API's converters describe those types, not as bare strings.
    [Fact]
    public async Task Document_TextParametersParsedAsWireTypes_AreDescribedAsThoseTypes()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-admin");
        var paths = (await DocumentAsync(client))["paths"]!;

        JsonNode Parameter(string path, string name) =>
            paths[path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;

        Assert.Equal("date-time", Parameter("/api/incidents", "openedFrom")["format"]?.GetValue<string>());
        Assert.Equal("date-time", Parameter("/api/incidents", "openedTo")["format"]?.GetValue<string>());
        Assert.Equal("date-time", Parameter("/api/oncall/{schedule}", "at")["format"]?.GetValue<string>());
        Assert.Equal(256, Parameter("/api/incidents", "assignee")["maxLength"]?.GetValue<int>());
        Assert.NotNull(Parameter("/api/incidents", "category")["pattern"]);
        Assert.Equal("^P[1-9][0-9]?$", Parameter("/api/incidents", "priority")["pattern"]?.GetValue<string>());
    }

    // What the API really answers, for an incident, the list, its review (the core's JSON export), an action item and a problem:
    // every value's JSON kind is a type its schema declares, strings satisfy the declared format and pattern, and nothing in an
    // answer is left undeclared.
    [Fact]
    public async Task Document_RealAnswers_MatchTheirSchemas()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-commander");
        using var opened = await client.PostAsJsonAsync("/api/incidents", new { title = "Checkout is down", impact = 1, urgency = 2, category = "Software/Database", service = "checkout", source = "alertmanager" }, Ct);
        var id = (await ApiHost.JsonAsync(opened))["id"]!.GetValue<string>();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/acknowledge")).EnsureSuccessStatusCode();
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/assign", new { assignee = "bob", assignmentGroup = "payments" })).EnsureSuccessStatusCode();
        host.Time.Advance(TimeSpan.FromMinutes(35));
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "restarted the pool" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { owner = "alice", summary = "s", rootCause = "pool", mitigatedAt = "2026-03-02T10:30:00Z", wentWell = new[] { "paged fast" } }, Ct)).EnsureSuccessStatusCode();
        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Alert on pool size", owner = "bob", dueOn = "2026-03-10", ticket = "https://tracker.example/T-9" });
        using var problem = await ApiHost.PostAsync(client, "/api/problems", new { title = "Pool exhaustion", incidents = new[] { id }, rootCause = "pool", workaround = "restart" });

        var document = await DocumentAsync(client);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var answers = new (string Path, string Template, string Method, HttpResponseMessage Response)[]
        {
            ($"/api/incidents/{id}", "/api/incidents/{id}", "get", await client.GetAsync($"/api/incidents/{id}", Ct)),
            ("/api/incidents", "/api/incidents", "get", await client.GetAsync("/api/incidents?pageSize=5", Ct)),
            ($"/api/incidents/{id}/review", "/api/incidents/{id}/review", "get", await client.GetAsync($"/api/incidents/{id}/review", Ct)),
            ($"/api/incidents/{id}/review/action-items", "/api/incidents/{id}/review/action-items", "post", added),
            ("/api/action-items", "/api/action-items", "get", await client.GetAsync("/api/action-items", Ct)),
            ("/api/problems", "/api/problems", "post", problem),
            ("/api/problems", "/api/problems", "get", await client.GetAsync("/api/problems", Ct)),
        };

        var wrong = new List<string>();
        foreach (var (path, template, method, response) in answers)
        {
            using (response)
            {
                Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                var schema = document["paths"]![template]?[method]?["responses"]?[status]?["content"]?["application/json"]?["schema"];
                Assert.True(schema is not null, $"{method} {template} {status}: no JSON schema in the document");
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
                wrong.AddRange(Mismatches(answer, schema, schemas, $"{method} {path}"));
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} values do not match their schemas:\n" + string.Join("\n", wrong));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> DocumentAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct))!;

    private static IEnumerable<(string Type, JsonNode? Schema)> JsonMediaTypes(JsonObject content) =>
        content.Where(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Select(c => (c.Key, c.Value?["schema"]));

    private static bool DescribesShape(JsonNode? schema) =>
        schema?["$ref"] is not null || schema?["type"]?.ToString() is "object" or "array";
    private static readonly string[] Combinators = ["oneOf", "anyOf", "allOf"];

    // Calls visit for every schema in the document: the components' and the operations' (parameters, bodies), and inside
    // each one every property, item, additional property and branch.
    private static void Walk(JsonNode? node, string path, Action<JsonObject, string> visit)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, child) in o)
            {
                if (key == "schema" || path == "#/components/schemas")
                {
                    WalkSchema(child, $"{path}/{key}", visit);
                }
                else
                {
                    Walk(child, $"{path}/{key}", visit);
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                Walk(a[i], $"{path}/{i}", visit);
            }
        }
    }

    private static void WalkSchema(JsonNode? node, string path, Action<JsonObject, string> visit)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        visit(schema, path);
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            WalkSchema(property, $"{path}/properties/{name}", visit);
        }

        foreach (var key in (string[])["items", "additionalProperties", "not"])
        {
            WalkSchema(schema[key], $"{path}/{key}", visit);
        }

        foreach (var key in Combinators)
        {
            var branches = schema[key] as JsonArray ?? [];
            for (var i = 0; i < branches.Count; i++)
            {
                WalkSchema(branches[i], $"{path}/{key}/{i}", visit);
            }
        }
    }

    private static string[] Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    // Lists where a JSON value does not satisfy its schema: the declared type, enum, format, pattern and bounds, and (for objects
    // and arrays) every property and item, an undeclared property included.
    private static List<string> Mismatches(JsonNode? value, JsonNode? schemaNode, JsonObject schemas, string path)
    {
        var wrong = new List<string>();
        if (schemaNode is not JsonObject schema)
        {
            wrong.Add($"{path}: no schema");
            return wrong;
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference["#/components/schemas/".Length..];
            return Mismatches(value, schemas[name], schemas, path);
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray branches)
        {
            var results = branches.Select(b => Mismatches(value, b, schemas, path)).ToList();
            if (results.All(r => r.Count > 0))
            {
                wrong.Add($"{path}: {Describe(value)} matches no branch ({string.Join(" | ", results.Select(r => r[0]))})");
            }

            return wrong;
        }

        var types = Types(schema);
        var kind = value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => "null",
            JsonValueKind.String => "string",
            JsonValueKind.Number => value!.GetValue<JsonElement>().TryGetInt64(out _) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Array => "array",
            _ => "object",
        };
        if (types.Length == 0)
        {
            wrong.Add($"{path}: the schema declares no type for {Describe(value)}");
            return wrong;
        }

        if (!types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            wrong.Add($"{path}: {Describe(value)} is a {kind}, the schema says {string.Join(" or ", types)}");
            return wrong;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            wrong.Add($"{path}: {Describe(value)} is not one of {allowed.ToJsonString()}");
        }

        switch (kind)
        {
            case "string":
                var text = value!.GetValue<string>();
                if (schema["format"]?.GetValue<string>() is { } format && !FormatHolds(format, text))
                {
                    wrong.Add($"{path}: \"{text}\" is not a valid {format}");
                }

                if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    wrong.Add($"{path}: \"{text}\" does not match {pattern}");
                }

                break;
            case "integer" or "number":
                var number = value!.GetValue<JsonElement>().GetDouble();
                if (schema["minimum"] is { } min && number < min.GetValue<JsonElement>().GetDouble() || schema["maximum"] is { } max && number > max.GetValue<JsonElement>().GetDouble())
                {
                    wrong.Add($"{path}: {number} is outside [{schema["minimum"]}, {schema["maximum"]}]");
                }

                break;
            case "array":
                var items = value!.AsArray();
                for (var i = 0; i < items.Count; i++)
                {
                    wrong.AddRange(schema["items"] is null ? [$"{path}[{i}]: the array's items are not described"] : Mismatches(items[i], schema["items"], schemas, $"{path}[{i}]"));
                }

                break;
            case "object":
                var properties = schema["properties"] as JsonObject;
                foreach (var (name, property) in value!.AsObject())
                {
                    var declared = properties?[name] ?? schema["additionalProperties"];
                    wrong.AddRange(declared is null ? [$"{path}.{name}: not declared"] : Mismatches(property, declared, schemas, $"{path}.{name}"));
                }

                break;
        }

        return wrong;
    }

    private static bool FormatHolds(string format, string text) => format switch
    {
        "date-time" => InstantPattern.ExtendedIso.Parse(text).Success,
        "date" => LocalDatePattern.Iso.Parse(text).Success,
        "uuid" => Guid.TryParseExact(text, "D", out _),
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
        "int32" => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "int64" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => throw new InvalidOperationException($"The test has no check for the format {format}: add one."),
    };

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..60] + "…" : text;
    }
}
