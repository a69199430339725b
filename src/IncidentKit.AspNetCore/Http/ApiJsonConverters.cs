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

internal sealed class InstantConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = InstantPattern.ExtendedIso.Parse(reader.GetString() ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException("Expected an ISO-8601 UTC instant such as 2026-06-15T14:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

internal sealed class DurationConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = DurationPattern.Roundtrip.Parse(reader.GetString() ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException("Expected a duration such as 0:01:30:00.");
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DurationPattern.Roundtrip.Format(value));
}

internal sealed class UserIdConverter : JsonConverter<UserId>
{
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

internal sealed class IncidentIdConverter : JsonConverter<IncidentId>
{
    public override IncidentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Guid.TryParse(reader.GetString(), out var id) && id != Guid.Empty ? new IncidentId(id) : throw new JsonException("Expected an incident id (a GUID).");

    public override void Write(Utf8JsonWriter writer, IncidentId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class CategoryPathConverter : JsonConverter<CategoryPath>
{
    public override CategoryPath Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return UserIdConverter.Wrap(() => new CategoryPath(text!), "Expected a category path such as Software/Database.");
    }

    public override void Write(Utf8JsonWriter writer, CategoryPath value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class ImpactConverter : JsonConverter<Impact>
{
    public override Impact Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var level) && level is >= 1 and <= 99
            ? new Impact(level)
            : throw new JsonException("Expected an impact level from 1 (high) to 99.");

    public override void Write(Utf8JsonWriter writer, Impact value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}

internal sealed class UrgencyConverter : JsonConverter<Urgency>
{
    public override Urgency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var level) && level is >= 1 and <= 99
            ? new Urgency(level)
            : throw new JsonException("Expected an urgency level from 1 (high) to 99.");

    public override void Write(Utf8JsonWriter writer, Urgency value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}

internal sealed class PriorityConverter : JsonConverter<Priority>
{
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
internal sealed class TenantIdConverter : JsonConverter<TenantId>
{
    public override TenantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return UserIdConverter.Wrap(() => new TenantId(text!), "Expected a tenant id: non-empty text.");
    }

    public override void Write(Utf8JsonWriter writer, TenantId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class LocalDateConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = LocalDatePattern.Iso.Parse(reader.GetString() ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException("Expected a date such as 2026-06-15.");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) => writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}
