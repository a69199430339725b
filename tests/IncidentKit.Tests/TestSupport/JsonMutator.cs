using System.Text;
using CsCheck;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentKit.Tests.TestSupport;

/// <summary>Mutates a valid JSON document the way a careless or hostile editor would, driven by a script of random numbers.</summary>
/// <remarks>Shared by the configuration fuzz tests (linked into the hosting tests too). Each number of the script picks one mutation
/// and where it lands, so CsCheck can shrink a failing script to the few mutations that matter.</remarks>
internal static class JsonMutator
{
    // Values that have broken readers before or sit on a boundary: overflowing durations and dates, numeric text for enums,
    // empty and huge text, control characters, deep nesting.
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1", "64", "65", "1001", "2147483647", "2147483648", "-2147483649", "1e308", "1.5",
        "\"\"", "\" \"", "\"1\"", "\"0\"", "\"-1\"", "\"x\"", "\"P1\"", "\"P0\"", "\"P100\"", "\"PT999999999999H\"", "\"P99999999D\"",
        "\"99999999999w\"", "\"9223372036854775807s\"", "\"PT1H\"", "\"1h\"", "\"0m\"", "\"1d\"", "\"2w\"", "\"999999w\"", "\"9999-12-29\"",
        "\"9999-12-31\"", "\"-9998-01-01\"", "\"0001-01-01\"", "\"2026-02-30\"", "\"9999-12-31T23:59:59Z\"", "\"-9998-01-01T00:00:00Z\"",
        "\"9999-12-31T23:59\"", "\"00:00-24:00\"", "\"23:59-00:00\"", "\"24:00\"", "\"09:00\"", "\"Europe/London\"", "\"UTC\"",
        "\"Nowhere\"", "\"user:a\"", "\"schedule:x\"", "\"team:\"", "\"a//b\"", "\"weekdays\"", "\"monday\"", "\"onHold\"", "\"resolved\"",
        "\"restart\"", "\"functional\"", "\"hierarchical\"", "\"never\"", "\"00:00:00\"", "\"-00:00:01\"", "\"10675199.02:48:05.4775807\"",
        "\"\\u0000\"", "\"LONE_SURROGATE\"", "[]", "[null]", "[\"\"]", "[1]", "{}", "{\"\":1}", "[[[[[[[[[[]]]]]]]]]]",
    ];

    /// <summary>Returns the generator of mutation scripts: 1 to 4 mutations.</summary>
    public static Gen<int[]> Scripts { get; } = Gen.Int.Array[1, 4];

    /// <summary>Applies the script to the document and returns the mutated text.</summary>
    public static string Mutate(string json, int[] script)
    {
        var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
        JsonNode? root = JsonNode.Parse(json, documentOptions: options);
        string? text = null;
        foreach (int step in script)
        {
            var random = new Random(step);
            if (text is not null || random.Next(12) == 0)
            {
                text = MutateText(text ?? root?.ToJsonString() ?? "null", random);
                continue;
            }

            root = MutateNode(root, random);
        }

        // A lone surrogate escape cannot live in a JsonNode (it cannot be written back), so it is put in as text last.
        return (text ?? root?.ToJsonString() ?? "null").Replace("LONE_SURROGATE", "\\ud800", StringComparison.Ordinal);
    }

    private static JsonNode? MutateNode(JsonNode? root, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return Value(random);
        }

        JsonNode target = nodes[random.Next(nodes.Count)];
        switch (random.Next(9))
        {
            case 0 or 1:
                return Replace(root, target, Value(random));
            case 2:
                return Replace(root, target, null);
            case 3 when target is JsonObject o && o.Count > 0:
                o.Remove(o.ElementAt(random.Next(o.Count)).Key);
                return root;
            case 4 when target is JsonObject o:
                // A second copy of a property, in another case or exactly the same name (written through text below).
                string name = o.Count > 0 ? o.ElementAt(random.Next(o.Count)).Key : "x";
                string copy = random.Next(2) == 0 ? name.ToUpperInvariant() : name + "_";
                if (!o.ContainsKey(copy))
                {
                    o[copy] = Value(random);
                }

                return root;
            case 5 when target is JsonArray a:
                a.Insert(random.Next(a.Count + 1), random.Next(2) == 0 && a.Count > 0 ? a[random.Next(a.Count)]?.DeepClone() : Value(random));
                return root;
            case 6 when target is JsonArray a && a.Count > 0:
                a.RemoveAt(random.Next(a.Count));
                return root;
            case 7:
                return Replace(root, target, random.Next(2) == 0 ? new JsonArray(target.DeepClone()) : new JsonObject { ["value"] = target.DeepClone() });
            default:
                return Replace(root, target, JsonValue.Create(target.ToJsonString()));
        }
    }

    // Text mutations: duplicated keys, truncation, a stray character; most give malformed JSON, some a duplicate property.
    private static string MutateText(string text, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                int colon = text.IndexOf("\":", random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
                if (colon > 0)
                {
                    int open = text.LastIndexOf('"', colon - 1);
                    int end = text.IndexOfAny([',', '}'], colon);
                    if (open >= 0 && end > colon)
                    {
                        string member = text[open..end];
                        return text[..end] + "," + member + text[end..];
                    }
                }

                return text;
            case 1:
                return text[..random.Next(text.Length + 1)];
            case 2:
                int at = random.Next(text.Length + 1);
                return text[..at] + "\"{}[],:\\x0"[random.Next(10)] + text[at..];
            default:
                var builder = new StringBuilder(text);
                int position = builder.ToString().IndexOf(':', random.Next(Math.Max(1, text.Length)));
                return position < 0 ? text : builder.Insert(position + 1, " \"" + new string('9', random.Next(1, 200_000)) + "h\", \"ignored\":").ToString();
        }
    }

    private static JsonNode? Value(Random random) => JsonNode.Parse(Values[random.Next(Values.Length)]);

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray a:
                foreach (JsonNode? child in a)
                {
                    Collect(child, nodes);
                }

                break;
        }
    }

    private static JsonNode? Replace(JsonNode? root, JsonNode target, JsonNode? value)
    {
        switch (target.Parent)
        {
            case null:
                return value;
            case JsonObject o:
                o[target.GetPropertyName()] = value;
                return root;
            case JsonArray a:
                a[target.GetElementIndex()] = value;
                return root;
            default:
                return root;
        }
    }
}
