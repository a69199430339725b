using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.AspNetCore.Http;

// Wire formats of the HTTP API: instants as ISO-8601 UTC with Z, durations in seconds-precision ISO text, identifiers as
// their text, priority as "P1", impact and urgency as their levels. Bad text surfaces as JsonException so the body
// reader can name the field.

internal sealed class InstantConverter : WireFormatConverter<Instant>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "An instant: ISO-8601 in UTC with Z, with fractional seconds only when they are not zero.", Instant.FromUtc(2026, 6, 15, 14, 0))
    {
        Format = "date-time",
        Pattern = @"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$",
    };

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = InstantPattern.ExtendedIso.Parse(reader.GetString() ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException("Expected an ISO-8601 UTC instant such as 2026-06-15T14:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

internal sealed class DurationConverter : WireFormatConverter<Duration>
{
    public override WireFormat WireFormat { get; } = new(WireType.String,
        "A duration as days:hours:minutes:seconds, with fractional seconds only when they are not zero (NodaTime's round-trip pattern -D:hh:mm:ss.FFFFFFFFF): 0:01:30:00 is 90 minutes, 2:00:00:00 two days.",
        Duration.FromMinutes(90))
    {
        Pattern = @"^-?\d+:\d{2}:\d{2}:\d{2}(\.\d{1,9})?$",
    };

    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = DurationPattern.Roundtrip.Parse(reader.GetString() ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException("Expected a duration such as 0:01:30:00.");
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DurationPattern.Roundtrip.Format(value));
}

internal sealed class UserIdConverter : WireFormatConverter<UserId>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "A user id: one line of text.", new UserId("alice"))
    {
        MinLength = 1,
        MaxLength = 256,
    };

    public override UserId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Wrap(() => new UserId(text!), "Expected a user id: non-empty text of at most 256 characters.");
    }

    public override void Write(Utf8JsonWriter writer, UserId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

    internal static T Wrap<T>(Func<T> make, string message)
    {
        try
        {
            return make();
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(message, ex);
        }
    }
}

internal sealed class IncidentIdConverter : WireFormatConverter<IncidentId>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "An incident id: a GUID.", new IncidentId(new Guid("0199f2c4-7a10-7c3e-9a55-3c1f6d2b8e41")))
    {
        Format = "uuid",
    };

    public override IncidentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Guid.TryParse(reader.GetString(), out var id) && id != Guid.Empty ? new IncidentId(id) : throw new JsonException("Expected an incident id (a GUID).");

    public override void Write(Utf8JsonWriter writer, IncidentId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class CategoryPathConverter : WireFormatConverter<CategoryPath>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "A category path: 1 to 8 segments of at most 64 characters separated by '/'.", new CategoryPath("Software/Database"))
    {
        Pattern = "^[^/]{1,64}(/[^/]{1,64}){0,7}$",
    };

    public override CategoryPath Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return UserIdConverter.Wrap(() => new CategoryPath(text!), "Expected a category path such as Software/Database.");
    }

    public override void Write(Utf8JsonWriter writer, CategoryPath value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class ImpactConverter : WireFormatConverter<Impact>
{
    public override WireFormat WireFormat { get; } = new(WireType.Integer, "An impact level: 1 is the widest.", new Impact(1)) { Minimum = 1, Maximum = 99 };

    public override Impact Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var level) && level is >= 1 and <= 99
            ? new Impact(level)
            : throw new JsonException("Expected an impact level from 1 (high) to 99.");

    public override void Write(Utf8JsonWriter writer, Impact value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}

internal sealed class UrgencyConverter : WireFormatConverter<Urgency>
{
    public override WireFormat WireFormat { get; } = new(WireType.Integer, "An urgency level: 1 is the most urgent.", new Urgency(1)) { Minimum = 1, Maximum = 99 };

    public override Urgency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var level) && level is >= 1 and <= 99
            ? new Urgency(level)
            : throw new JsonException("Expected an urgency level from 1 (high) to 99.");

    public override void Write(Utf8JsonWriter writer, Urgency value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}

internal sealed class PriorityConverter : WireFormatConverter<Priority>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "A priority, P1 (the most pressing) to P99; a request may give the level as a number instead.", new Priority(1))
    {
        Pattern = "^P[1-9][0-9]?$",
    };

    public override Priority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var level) && level is >= 1 and <= 99)
        {
            return new Priority(level);
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text is not null && ApiText.TryParsePriority(text, out var p) ? p : throw new JsonException("Expected a priority such as \"P1\".");
    }

    public override void Write(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

// The review export (ReviewJson) carries the tenant and action items' dates; these let the API's options describe it in OpenAPI.
internal sealed class TenantIdConverter : WireFormatConverter<TenantId>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "A tenant id: one line of text.", new TenantId("tenant-a"))
    {
        MinLength = 1,
        MaxLength = 128,
    };

    public override TenantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return UserIdConverter.Wrap(() => new TenantId(text!), "Expected a tenant id: non-empty text.");
    }

    public override void Write(Utf8JsonWriter writer, TenantId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class LocalDateConverter : WireFormatConverter<LocalDate>
{
    public override WireFormat WireFormat { get; } = new(WireType.String, "A date: ISO-8601 year-month-day.", new LocalDate(2026, 6, 15))
    {
        Format = "date",
        Pattern = @"^-?\d{4}-\d{2}-\d{2}$",
    };

    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = LocalDatePattern.Iso.Parse(reader.GetString() ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException("Expected a date such as 2026-06-15.");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) => writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}

// The review travels in the core's JSON export (ReviewJson), which writes enum values in kebab-case ("in-progress") as the endpoints
// take them; the names ("InProgress") still read. The API's options put this converter on the export's enum properties, so the
// OpenAPI document describes what GET .../review answers.
internal sealed class KebabCaseEnumConverter<TEnum> : WireFormatConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (TEnum Value, string Name, string Kebab)[] Values =
        [.. Enum.GetValues<TEnum>().Select(v => (v, v.ToString(), JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString())))];

    public override WireFormat WireFormat { get; } = new(WireType.String, $"One of {string.Join(", ", Values.Select(v => v.Kebab))}.", Values[0].Value)
    {
        Pattern = $"^({string.Join('|', Values.Select(v => v.Kebab))})$",
    };

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        foreach (var (value, name, kebab) in Values)
        {
            if (string.Equals(text, kebab, StringComparison.OrdinalIgnoreCase) || string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new JsonException($"Expected one of {string.Join(", ", Values.Select(v => v.Kebab))}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Values.First(v => EqualityComparer<TEnum>.Default.Equals(v.Value, value)).Kebab);
}
