using System.Globalization;
using System.Text.Json;

namespace IncidentKit;

// Shared by the JSON readers of schedules, escalation and the directory: property names compare case-insensitively,
// unknown properties are problems, and every problem carries its JSON path so one exception can list them all.
// Values are read leniently where configuration flattening changes them: a JSON number stands for its text (a numeric
// user id), "true"/"false" text stands for a boolean, and null, "" or [] stand for "not given" in optional scalars.
internal static class ConfigurationJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static JsonDocument Parse(string json, string subject)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationValidationException(subject, [$"$: malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}"]);
        }
    }

    public static bool ExpectObject(JsonElement element, string path, string expected, List<string> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        problems.Add($"{path}: expected {expected}, found {Describe(element)}.");
        return false;
    }

    public static void CheckProperties(JsonElement element, string path, string[] allowed, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!Array.Exists(allowed, a => string.Equals(a, property.Name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{path}.{property.Name}: unknown property (expected {string.Join(", ", allowed)}).");
            }
            else if (!seen.Add(property.Name))
            {
                problems.Add($"{path}.{property.Name}: the property is given more than once.");
            }
        }
    }

    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    // A property that is missing, null, "" or [] (configuration turns a null into an empty string).
    public static bool TryGetGiven(JsonElement element, string name, out JsonElement value) =>
        TryGet(element, name, out value) && !IsAbsent(value);

    public static bool IsAbsent(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => value.GetString()!.Length == 0,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    public static string? ReadText(JsonElement value, string path, string expected, List<string> problems)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{path}: expected {expected}, found {Describe(value)}.");
            return null;
        }

        return text;
    }

    public static string? ReadRequiredText(JsonElement element, string name, string path, string expected, List<string> problems)
    {
        if (!TryGetGiven(element, name, out JsonElement value))
        {
            problems.Add($"{path}.{name}: required ({expected}).");
            return null;
        }

        return ReadText(value, $"{path}.{name}", expected, problems);
    }

    public static bool? ReadBool(JsonElement value, string path, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out bool parsed):
                return parsed;
            default:
                problems.Add($"{path}: expected true or false, found {Describe(value)}.");
                return null;
        }
    }

    public static int? ReadInt(JsonElement value, string path, int min, int max, List<string> problems)
    {
        int parsed = 0;
        bool ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out parsed),
            JsonValueKind.String => int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed),
            _ => false,
        };
        if (!ok || parsed < min || parsed > max)
        {
            problems.Add($"{path}: expected a whole number from {min} to {max}, found {Describe(value)}.");
            return null;
        }

        return parsed;
    }

    // Returns the items of an array, or null (with a problem) when the value is not an array.
    public static List<JsonElement>? ReadArray(JsonElement value, string path, string expected, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: expected {expected}, found {Describe(value)}.");
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };
}
