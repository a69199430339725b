using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Storage;

// Small converters for the storage format. Identifiers are written as their text form; levels as numbers; NodaTime values
// with their invariant ISO patterns (NodaTime.Serialization.SystemTextJson would do the same but needs reflection).

internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DurationPattern.Roundtrip.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DurationPattern.Roundtrip.Format(value));
}

internal sealed class TenantIdJsonConverter : JsonConverter<TenantId>
{
    public override TenantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, TenantId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class UserIdJsonConverter : JsonConverter<UserId>
{
    public override UserId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, UserId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class IncidentIdJsonConverter : JsonConverter<IncidentId>
{
    public override IncidentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetGuid());

    public override void Write(Utf8JsonWriter writer, IncidentId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class CategoryPathJsonConverter : JsonConverter<CategoryPath>
{
    public override CategoryPath Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, CategoryPath value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class ImpactJsonConverter : JsonConverter<Impact>
{
    public override Impact Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, Impact value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}

internal sealed class UrgencyJsonConverter : JsonConverter<Urgency>
{
    public override Urgency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, Urgency value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}

internal sealed class PriorityJsonConverter : JsonConverter<Priority>
{
    public override Priority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Level);
}
