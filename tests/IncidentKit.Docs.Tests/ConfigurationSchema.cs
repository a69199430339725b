using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Xml.Linq;
using IncidentKit.Configuration;
using IncidentKit.Hosting.Configuration;

namespace IncidentKit.Docs.Tests;

// Generates the JSON Schema of appsettings' IncidentKit section from the configuration model (System.Text.Json's
// JsonSchemaExporter over the same source-generated metadata the reader uses). Descriptions come from [Description] where the
// record has one, else from the property's XML doc summary, so editors show what the API docs say.
internal static class ConfigurationSchema
{
    // The sub-documents the reader also accepts written as one JSON string.
    private static readonly string[] JsonStringDocuments = ["SlaPolicies", "Schedules", "Escalation", "Directory"];

    private static readonly Lazy<Dictionary<string, string>> Summaries = new(LoadSummaries);

    public static string Generate()
    {
        var options = HostingConfigurationJsonContext.Default.Options;
        var exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Describe };
        var section = (JsonObject)options.GetJsonSchemaAsNode(typeof(IncidentKitConfiguration), exporter);
        Inline(section, section);
        var properties = (JsonObject)section["properties"]!;
        foreach (var name in JsonStringDocuments)
        {
            properties[name] = OrJsonString(properties[name]!.DeepClone());
        }

        // Schedules may also be an object of schedules keyed by id.
        var schedules = (JsonObject)properties["Schedules"]!;
        var list = (JsonObject)((JsonArray)schedules["anyOf"]!)[0]!;
        ((JsonArray)schedules["anyOf"]!).Insert(1, new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The schedules keyed by id (a schedule's \"id\" may then be left out).",
            ["additionalProperties"] = list["items"]!.DeepClone(),
        });

        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "IncidentKit configuration",
            ["description"] = "The IncidentKit section of appsettings.json. Generated from IncidentKit.Hosting's configuration model; regenerate with: " + Repository.UpdateCommand,
            ["type"] = "object",
            ["properties"] = new JsonObject { ["IncidentKit"] = section },
        };
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.ReplaceLineEndings("\n") + "\n";
    }

    // The exporter points a repeated shape at its first occurrence ("$ref": "#/properties/..."); the section is nested under the
    // appsettings root here, so each reference is replaced by a copy of what it points at.
    private static void Inline(JsonNode node, JsonObject section)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (Resolve(child, section) is var resolved && !ReferenceEquals(resolved, child))
                    {
                        obj[key] = resolved;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Resolve(array[i], section) is var resolved && !ReferenceEquals(resolved, array[i]))
                    {
                        array[i] = resolved;
                    }
                }

                break;
        }
    }

    private static JsonNode? Resolve(JsonNode? child, JsonObject section)
    {
        if (child is JsonObject reference && reference["$ref"]?.GetValue<string>() is { } pointer)
        {
            var target = pointer[2..].Split('/').Aggregate((JsonNode?)section, (n, segment) => n?[segment])
                ?? throw new InvalidOperationException($"The schema reference {pointer} points nowhere.");
            if (target.ToJsonString().Contains(pointer, StringComparison.Ordinal))
            {
                // A recursive shape (a calendar's versions hold calendars) stays a reference, re-rooted under the section.
                reference["$ref"] = "#/properties/IncidentKit" + pointer[1..];
                return reference;
            }

            var copy = (JsonObject)target.DeepClone();
            if (reference["description"] is { } description)
            {
                copy["description"] = description.DeepClone();
            }

            Inline(copy, section);
            return copy;
        }

        if (child is not null)
        {
            Inline(child, section);
        }

        return child;
    }

    private static JsonObject OrJsonString(JsonNode schema)
    {
        var description = schema["description"]?.GetValue<string>();
        ((JsonObject)schema).Remove("description");
        var result = new JsonObject();
        if (description is not null)
        {
            result["description"] = description;
        }

        result["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "string", ["description"] = "The same document written as one JSON string." });
        return result;
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
        {
            return schema;
        }

        var member = context.PropertyInfo?.AttributeProvider as MemberInfo;
        var type = context.PropertyInfo is null && context.Path.Length == 0 ? context.TypeInfo.Type : null;
        var description = member?.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? (member is not null ? Summary($"P:{member.DeclaringType!.FullName}.{member.Name}") : null)
            ?? (type is not null ? type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? Summary($"T:{type.FullName}") : null);
        // A short form stands for the full one: a value for { member: value } on a type, a single item for a list of one.
        var shortForm = (Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type).GetCustomAttribute<ShortFormAttribute>();
        JsonNode? alternative = shortForm?.Member is { } shortMember
            ? node["properties"]?[shortMember] ?? node["additionalProperties"]
            : member?.GetCustomAttribute<ShortFormAttribute>() is { Member: null } ? node["items"] : null;
        if (alternative is not null)
        {
            node = new JsonObject { ["anyOf"] = new JsonArray(node, alternative.DeepClone()) };
        }

        if (member?.GetCustomAttribute<RangeAttribute>() is { Minimum: int min, Maximum: int max })
        {
            node["minimum"] = min;
            node["maximum"] = max;
        }

        if (description is null)
        {
            return node;
        }

        // The description first, so a reader of the file sees what a property is before its shape.
        var described = new JsonObject { ["description"] = description };
        foreach (var (key, value) in node.ToList())
        {
            node.Remove(key);
            described[key] = value;
        }

        return described;
    }

    // "Gets the IANA time zone id ..." reads as "The IANA time zone id ..." in an editor's tooltip.
    private static string? Summary(string id) => Summaries.Value.GetValueOrDefault(id) is { } summary
        ? summary.StartsWith("Gets ", StringComparison.Ordinal) ? char.ToUpperInvariant(summary[5]) + summary[6..] : summary
        : null;

    // The XML docs of the configuration records' assemblies, copied next to the test assembly by the build.
    private static Dictionary<string, string> LoadSummaries()
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(IncidentKitConfiguration).Assembly, typeof(CalendarConfiguration).Assembly })
        {
            var file = Path.ChangeExtension(assembly.Location, ".xml");
            foreach (var element in XDocument.Load(file).Descendants("member"))
            {
                if (element.Element("summary") is { } summary)
                {
                    summaries[(string)element.Attribute("name")!] = string.Join(' ', string.Concat(summary.Nodes().Select(Text))
                        .Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }

        return summaries;
    }

    // <see cref="T:X.Y"/> reads as Y, <c>code</c> as its text.
    private static string Text(XNode node) => node switch
    {
        XText text => text.Value,
        XElement { Name.LocalName: "see" } see => (string?)see.Attribute("langword") ?? ((string?)see.Attribute("cref"))?.Split('.', ':').Last() ?? see.Value,
        XElement element => string.Concat(element.Nodes().Select(Text)),
        _ => string.Empty,
    };
}
