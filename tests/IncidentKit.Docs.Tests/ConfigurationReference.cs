using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IncidentKit.Docs.Tests;

// Writes docs/configuration.md, the configuration reference, from the checked-in JSON Schema: one row per setting with its path,
// its JSON type and the description the editor shows.
internal static class ConfigurationReference
{
    public static string Generate(string schemaJson)
    {
        var root = JsonNode.Parse(schemaJson)!;
        var section = root["properties"]!["IncidentKit"]!;
        var text = new StringBuilder();
        text.Append("""
            # Configuration reference

            <!-- Generated from incidentkit.schema.json by tests/IncidentKit.Docs.Tests; do not edit. Regenerate with:
                 INCIDENTKIT_UPDATE_DOCS=1 dotnet test -c Release --project tests/IncidentKit.Docs.Tests -->

            Every setting of the `IncidentKit` section of `appsettings.json`, read by
            `services.AddIncidentKit(configuration.GetSection("IncidentKit"))`. All are optional; a setting left out keeps its
            default. Names compare case-insensitively, unknown names and values that do not parse are refused at start with their
            path, and enumerations are read by name only. Point your editor at
            [`incidentkit.schema.json`](incidentkit.schema.json) (also in the `IncidentKit.Hosting` package) to complete and check
            the file as you type. `[]` in a path stands for any item of a list, `{name}` for any key of an object.

            | Setting | Type | Description |
            |---|---|---|

            """.Replace("\r", "", StringComparison.Ordinal));
        Walk(section, "IncidentKit", text, depth: 0);
        return text.ToString();
    }

    private static void Walk(JsonNode schema, string path, StringBuilder text, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        // anyOf: the full form first; the short forms are described in the row.
        var full = schema["anyOf"] is JsonArray any ? any[0]! : schema;
        if (schema["description"] is { } description)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{path}` | {TypeOf(schema)} | {Escape(description.GetValue<string>())} |\n");
        }

        if (full["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(child!, $"{path}:{name}", text, depth + 1);
            }
        }

        if (full["items"] is JsonObject items)
        {
            Walk(items, $"{path}:[]", text, depth + 1);
        }

        if (full["additionalProperties"] is JsonObject values)
        {
            Walk(values, $"{path}:{{name}}", text, depth + 1);
        }
    }

    private static string TypeOf(JsonNode schema)
    {
        if (schema["anyOf"] is JsonArray any)
        {
            return string.Join(" or ", any.Select(a => TypeOf(a!)).Distinct());
        }

        if (schema["enum"] is JsonArray values)
        {
            return string.Join(", ", values.Where(v => v is not null).Select(v => $"`{v}`"));
        }

        if (schema["$ref"] is not null)
        {
            return "object (recursive)";
        }

        var type = schema["type"] switch
        {
            JsonArray types => string.Join("/", types.Select(t => t!.GetValue<string>()).Where(t => t != "null")),
            JsonValue one => one.GetValue<string>(),
            _ => "any",
        };
        if (schema["minimum"] is { } min && schema["maximum"] is { } max)
        {
            type += $" ({min} to {max})";
        }

        return type;
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
