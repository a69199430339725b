using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Alerts;

// Shared reading rules of the alert parsers: size limit, strict JSON, typed getters that name the field (a JSON pointer) in
// the one documented exception.
internal static class AlertBody
{
    public const int DefaultMaxBytes = 1024 * 1024;
    private static readonly OffsetDateTimePattern Rfc3339 = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<G>");
    private static readonly OffsetDateTimePattern Rfc3339Lower = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd't'HH':'mm':'ss;FFFFFFFFFo<G>");
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, int maxBytes)
    {
        if (utf8.Length > maxBytes)
        {
            throw new AlertFormatException("", $"the body has {utf8.Length} bytes; at most {maxBytes} are accepted.");
        }

        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            throw new AlertFormatException("", $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.", e);
        }
        catch (ArgumentException e)
        {
            // Invalid UTF-8 surfaces as ArgumentException from the reader.
            throw new AlertFormatException("", "the body is not UTF-8 JSON.", e);
        }
    }

    public static JsonElement RequireObject(JsonElement element, string pointer)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AlertFormatException(pointer, $"expected an object, found {Kind(element)}.");
        }

        return element;
    }

    public static JsonElement Require(JsonElement obj, string name, string pointer) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new AlertFormatException(pointer + "/" + name, "the field is required.");

    public static string RequireString(JsonElement obj, string name, string pointer, int maxLength = 10_000, bool allowEmpty = false)
    {
        var value = Require(obj, name, pointer);
        return IsPlainString(value, maxLength, allowEmpty, out var text) ? text : AsString(value, pointer + "/" + name, maxLength, allowEmpty);
    }

    public static string? OptionalString(JsonElement obj, string name, string pointer, int maxLength = 10_000)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return IsPlainString(value, maxLength, allowEmpty: true, out var text) ? text : AsString(value, pointer + "/" + name, maxLength, allowEmpty: true);
    }

    // The valid case without building the field's pointer (it is needed only to name the field in an error).
    private static bool IsPlainString(JsonElement value, int maxLength, bool allowEmpty, out string text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return value.ValueKind == JsonValueKind.String && text.Length <= maxLength && (allowEmpty || text.Length > 0);
    }

    public static string AsString(JsonElement value, string pointer, int maxLength, bool allowEmpty)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new AlertFormatException(pointer, $"expected a string, found {Kind(value)}.");
        }

        var text = value.GetString()!;
        if (!allowEmpty && text.Length == 0)
        {
            throw new AlertFormatException(pointer, "expected a non-empty string.");
        }

        return text.Length > maxLength
            ? throw new AlertFormatException(pointer, $"expected at most {maxLength} characters, found {text.Length}.")
            : text;
    }

    public static Dictionary<string, string> StringMap(JsonElement obj, string name, string pointer, bool required)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new AlertFormatException(pointer + "/" + name, "the field is required.") : map;
        }

        var at = pointer + "/" + name;
        RequireObject(value, at);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = IsPlainString(property.Value, 10_000, allowEmpty: true, out var text)
                ? text
                : AsString(property.Value, at + "/" + Escape(property.Name), 10_000, allowEmpty: true);
        }

        return map;
    }

    public static Instant ParseTime(string text, string pointer)
    {
        // The usual shape (UTC with Z, as Alertmanager and most senders write it) straight from the characters; anything else
        // (offsets, a lower-case t, bad values) through the RFC 3339 pattern, which also names the field when it fails.
        Span<byte> ascii = stackalloc byte[30];
        if (text.Length <= ascii.Length && Encoding.ASCII.TryGetBytes(text, ascii, out var length)
            && Storage.InstantJsonConverter.TryParseIso(ascii[..length], out var instant))
        {
            return instant;
        }

        var result = Rfc3339.Parse(text);
        if (!result.Success)
        {
            result = Rfc3339Lower.Parse(text);
        }

        return result.Success
            ? result.Value.ToInstant()
            : throw new AlertFormatException(pointer, $"expected an RFC 3339 timestamp such as 2026-12-06T21:58:36.79849197Z, found '{Clip(text)}'.");
    }

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";

    public static string Index(string pointer, int index) => pointer + "/" + index.ToString(CultureInfo.InvariantCulture);
}
