using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace IncidentKit.Configuration;

// The one reader of every configuration document: the configuration records (the shape of the JSON) are read by System.Text.Json
// through a strict source-generated context; before that, one shape pass walks the document against the same metadata so that
// every structural problem is listed with its JSON path (the serializer stops at the first) and the rules below hold everywhere:
// - property names compare case-insensitively; unknown properties and properties given twice are refused;
// - enumerations are read by name only (never by number, nor by numeric text);
// - configuration flattening is undone: text stands for a number or a boolean ("5", "true"), and null, "" or [] for a value left
//   out; a whole number stands for text only where the value is an identifier (a user id 1001);
// - a short form stands for its full form ([ShortForm]).
// The records then go through one validation pass per document that builds the domain objects with the builders.
internal static class ConfigurationReader
{
    // Attribute lookups are reflection; the shape pass asks for them at every node, so they are remembered.
    private static readonly ConcurrentDictionary<Type, ShortFormAttribute?> ShortForms = new();
    private static readonly ConcurrentDictionary<JsonPropertyInfo, (ExpectedAttribute? Expected, (int Min, int Max)? Range, bool ListOfOne)> Properties = new();
    private static readonly ConcurrentDictionary<Type, string[]> EnumNames = new();

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static JsonDocument? Parse(string json, ConfigurationProblems problems, out JsonException? error)
    {
        error = null;
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            error = ex;
            problems.Add("$", $": malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}");
            return null;
        }
    }

    public static T? Read<T>(JsonElement root, JsonTypeInfo<T> typeInfo, ConfigurationProblems problems)
        where T : class
    {
        var expected = typeInfo.Type.GetCustomAttribute<ExpectedAttribute>();
        JsonNode? node = Shape(root, typeInfo, "$", expected, 0, problems, out bool ok);
        if (node is null)
        {
            if (ok)
            {
                problems.Add("$", $": expected {Phrase(expected, 0, "a JSON object")}, found {Describe(root)}.");
            }

            return null;
        }

        try
        {
            return node.Deserialize(typeInfo);
        }
        catch (JsonException ex)
        {
            // The shape pass admits only what the strict context reads; reaching here is a bug, still reported with its path.
            problems.Add(ex.Path ?? "$", $": {ex.Message}");
            return null;
        }
    }

    // Returns the value as the strict context reads it, or null for a value left out; ok is false when the value was refused.
    private static JsonNode? Shape(JsonElement value, JsonTypeInfo info, string path, ExpectedAttribute? expected, int depth,
        ConfigurationProblems problems, out bool ok)
    {
        problems.Visit(path);
        ok = true;
        Type type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        // Configuration turns [] into "" and cannot tell an empty object from a missing one: "" is an empty list where a list is
        // expected, and "" or [] stand for a left-out object or scalar.
        if (info.Kind == JsonTypeInfoKind.Enumerable && IsEmpty(value))
        {
            return new JsonArray();
        }

        if (info.Kind != JsonTypeInfoKind.Enumerable && IsEmpty(value) && (type != typeof(string) || value.ValueKind == JsonValueKind.Array))
        {
            return null;
        }

        var shortForm = ShortForms.GetOrAdd(type, static t => t.GetCustomAttribute<ShortFormAttribute>());
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind != JsonValueKind.Object && shortForm?.Member is { } member:
                var memberInfo = info.Properties.First(p => p.Name == member);
                problems.Alias($"{path}.{member}", path);
                return WrapShortForm(member, Shape(value, memberInfo.PropertyType, info, path, Describe(memberInfo).Expected, 0, problems, out ok), ok);
            case JsonTypeInfoKind.Dictionary when value.ValueKind != JsonValueKind.Object && shortForm?.Member is { } key:
                problems.Alias($"{path}.{key}", path);
                return WrapShortForm(key, Shape(value, info.ElementType!, info, path, expected, depth + 1, problems, out ok), ok);
            case JsonTypeInfoKind.Object:
                return value.ValueKind == JsonValueKind.Object ? ShapeObject(value, info, path, problems, out ok) : Refuse(value, path, Phrase(expected, depth, "an object"), problems, out ok);
            case JsonTypeInfoKind.Dictionary:
                return value.ValueKind == JsonValueKind.Object ? ShapeDictionary(value, info, path, expected, depth, problems, out ok) : Refuse(value, path, Phrase(expected, depth, "an object"), problems, out ok);
            case JsonTypeInfoKind.Enumerable:
                return value.ValueKind == JsonValueKind.Array ? ShapeArray(value, info, path, expected, depth, problems, out ok) : Refuse(value, path, Phrase(expected, depth, "an array"), problems, out ok);
            default:
                return ShapeScalar(value, type, path, expected, depth, problems, out ok);
        }
    }

    private static JsonNode? Shape(JsonElement value, Type type, JsonTypeInfo owner, string path, ExpectedAttribute? expected, int depth,
        ConfigurationProblems problems, out bool ok) =>
        Shape(value, owner.Options.GetTypeInfo(type), path, expected, depth, problems, out ok);

    private static JsonObject? WrapShortForm(string member, JsonNode? node, bool ok) => ok ? new JsonObject { [member] = node } : null;

    private static JsonObject? ShapeObject(JsonElement value, JsonTypeInfo info, string path, ConfigurationProblems problems, out bool ok)
    {
        ok = true;
        var result = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            string at = $"{path}.{property.Name}";
            var match = info.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                problems.Visit(at);
                problems.Add(at, $": unknown property (expected {string.Join(", ", info.Properties.Select(p => p.Name))}).");
                problems.Refuse(at);
                ok = false;
                continue;
            }

            if (!seen.Add(match.Name))
            {
                problems.Visit(at);
                problems.Add(at, ": the property is given more than once.");
                problems.Refuse(at);
                ok = false;
                continue;
            }

            var (expected, range, shortList) = Describe(match);
            if (range is { } r && expected is null)
            {
                expected = new ExpectedAttribute($"a whole number from {r.Min} to {r.Max}");
            }

            bool listOfOne = shortList
                && property.Value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null) && !IsEmpty(property.Value);
            JsonNode? node;
            bool fine;
            if (listOfOne)
            {
                // A single value standing for a list of one: checked as the item, reported where it was written.
                var listInfo = info.Options.GetTypeInfo(match.PropertyType);
                problems.Alias($"{at}[0]", at);
                node = Shape(property.Value, listInfo.ElementType!, info, at, expected, 1, problems, out fine);
                node = fine ? new JsonArray(node) : null;
            }
            else
            {
                node = Shape(property.Value, match.PropertyType, info, at, expected, 0, problems, out fine);
                if (fine && range is { } bounds && node is JsonValue number && number.TryGetValue(out int whole) && (whole < bounds.Min || whole > bounds.Max))
                {
                    node = Refuse(property.Value, at, expected!.Phrases[0], problems, out fine);
                }
            }

            ok &= fine;
            if (node is not null)
            {
                // A value left out is not written, so the record's initialiser (its documented default) applies.
                result[match.Name] = node;
            }
        }

        return result;
    }

    private static JsonObject? ShapeDictionary(JsonElement value, JsonTypeInfo info, string path, ExpectedAttribute? expected, int depth,
        ConfigurationProblems problems, out bool ok)
    {
        ok = true;
        var result = new JsonObject();
        foreach (JsonProperty entry in value.EnumerateObject())
        {
            string at = $"{path}.{entry.Name}";
            if (result.ContainsKey(entry.Name))
            {
                problems.Visit(at);
                string noun = expected?.Entry ?? "entry";
                problems.Add(at, $": the {noun} is given more than once.");
                problems.Refuse(at);
                ok = false;
                continue;
            }

            JsonNode? node = Shape(entry.Value, info.ElementType!, info, at, expected, depth + 1, problems, out bool fine);
            result[entry.Name] = node;
            ok &= fine;
        }

        return result;
    }

    private static JsonArray? ShapeArray(JsonElement value, JsonTypeInfo info, string path, ExpectedAttribute? expected, int depth,
        ConfigurationProblems problems, out bool ok)
    {
        ok = true;
        var result = new JsonArray();
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string at = $"{path}[{index++}]";
            JsonNode? node = Shape(item, info.ElementType!, info, at, expected, depth + 1, problems, out bool fine);
            ok &= fine;

            // A refused item stays as null (so later items keep their index) unless the items are numbers or names, which
            // cannot be null; then the whole list is refused.
            if (node is not null || !info.ElementType!.IsValueType)
            {
                result.Add(node);
            }
            else
            {
                if (fine)
                {
                    problems.Add(at, $": expected {Phrase(expected, depth + 1, "a value")}, found null.");
                    ok = false;
                }

                problems.Refuse(path);
            }
        }

        return result;
    }

    private static JsonNode? ShapeScalar(JsonElement value, Type type, string path, ExpectedAttribute? expected, int depth,
        ConfigurationProblems problems, out bool ok)
    {
        ok = true;
        if (type == typeof(string))
        {
            if (value.ValueKind == JsonValueKind.String && TryText(value, out string? text))
            {
                // Configuration text is single-line: no control characters other than tab and line feed, as the domain's ids require.
                string given = text!;
                int control = given.AsSpan().IndexOfAnyInRange('\0', '\u001f');
                while (control >= 0 && given[control] is '\t' or '\n')
                {
                    int next = given.AsSpan(control + 1).IndexOfAnyInRange('\0', '\u001f');
                    control = next < 0 ? -1 : control + 1 + next;
                }

                if (control >= 0 || given.Contains('\u007f', StringComparison.Ordinal))
                {
                    problems.Add(path, $": expected {Phrase(expected, depth, "a string")} without control characters, found one (U+{(int)(control >= 0 ? given[control] : '\u007f'):X4}).");
                    problems.Refuse(path);
                    ok = false;
                    return null;
                }

                return JsonValue.Create(given);
            }

            if (value.ValueKind == JsonValueKind.Number && expected?.NumberAsText == true && value.TryGetInt64(out _))
            {
                return JsonValue.Create(value.GetRawText());
            }

            return Refuse(value, path, Phrase(expected, depth, "a string"), problems, out ok);
        }

        if (type == typeof(bool))
        {
            bool? parsed = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when TryText(value, out string? text) && bool.TryParse(text, out bool b) => b,
                _ => null,
            };
            return parsed is { } flag ? JsonValue.Create(flag) : Refuse(value, path, "true or false", problems, out ok);
        }

        if (type == typeof(int))
        {
            int parsed = 0;
            bool read = value.ValueKind switch
            {
                JsonValueKind.Number => value.TryGetInt32(out parsed),
                JsonValueKind.String => TryText(value, out string? text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed),
                _ => false,
            };
            return read ? JsonValue.Create(parsed) : Refuse(value, path, Phrase(expected, depth, "a whole number"), problems, out ok);
        }

        if (type.IsEnum)
        {
            string[] names = EnumNames.GetOrAdd(type, static t => Enum.GetNames(t));
            string? text = value.ValueKind == JsonValueKind.String && TryText(value, out string? t) ? t : null;
            string? name = text is null || text.Length == 0 || char.IsAsciiDigit(text[0]) || text[0] is '-' or '+'
                ? null
                : Array.Find(names, n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is not null)
            {
                return JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(name));
            }

            string allowed = string.Join(", ", names.Select(JsonNamingPolicy.CamelCase.ConvertName));
            problems.Add(path, $": unknown {Phrase(expected, depth, "value")} {(text is null ? Describe(value) : $"'{text}'")} (expected one of {allowed}).");
            problems.Refuse(path);
            ok = false;
            return null;
        }

        throw new NotSupportedException($"Configuration records hold no {type.Name} values.");
    }

    // Refuses a value of the wrong JSON kind.
    private static JsonNode? Refuse(JsonElement value, string path, string expected, ConfigurationProblems problems, out bool ok)
    {
        problems.Add(path, $": expected {expected}, found {Describe(value)}.");
        problems.Refuse(path);
        ok = false;
        return null;
    }

    private static bool TryText(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return text is not null;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800") is valid JSON but not text.
            text = null;
            return false;
        }
    }

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => TryText(value, out string? text) && text!.Length == 0,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    private static (ExpectedAttribute? Expected, (int Min, int Max)? Range, bool ListOfOne) Describe(JsonPropertyInfo property) =>
        Properties.GetOrAdd(property, static p => (ExpectedOf(p), RangeOf(p), p.AttributeProvider?.GetCustomAttributes(typeof(ShortFormAttribute), false).Length > 0));

    private static ExpectedAttribute? ExpectedOf(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(ExpectedAttribute), false).FirstOrDefault() as ExpectedAttribute;

    // The range of a whole number is part of its phrase when a [Range] says it.
    internal static (int Min, int Max)? RangeOf(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), false).FirstOrDefault() is RangeAttribute { Minimum: int min, Maximum: int max } ? (min, max) : null;

    private static string Phrase(ExpectedAttribute? expected, int depth, string fallback) =>
        expected is not null && depth < expected.Phrases.Count ? expected.Phrases[depth] : fallback;

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryText(element, out string? text) ? $"\"{text}\"" : "text that is not valid UTF-16",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };
}
