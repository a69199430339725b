using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Prioritization;
using IncidentKit.Problems;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Reporting.Reviews;

// Converters the storage format lacks: due dates as ISO dates, problem ids as their text form.
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LocalDatePattern.Iso.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}

internal sealed class ProblemIdJsonConverter : JsonConverter<ProblemId>
{
    public override ProblemId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetGuid());

    public override void Write(Utf8JsonWriter writer, ProblemId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

// Enum values in the HTTP API's words: kebab-case ("in-progress", "known-error", "draft"), which the action item, problem and
// incident endpoints take. Reviews and problems stored before this (by the SQLite and PostgreSQL stores) spell them as the
// enum's names ("InProgress"); those still read, so an old stored review loads.
internal sealed class KebabCaseEnumJsonConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (TEnum Value, string Name, string Kebab)[] Values =
        [.. Enum.GetValues<TEnum>().Select(v => (v, v.ToString(), JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString())))];

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a {typeof(TEnum).Name} as a string, such as \"{Values[0].Kebab}\".");
        }

        var text = reader.GetString();
        foreach (var (value, name, kebab) in Values)
        {
            if (string.Equals(text, kebab, StringComparison.OrdinalIgnoreCase) || string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new JsonException($"'{text}' is not a {typeof(TEnum).Name}; expected one of {string.Join(", ", Values.Select(v => v.Kebab))}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        foreach (var (v, _, kebab) in Values)
        {
            if (EqualityComparer<TEnum>.Default.Equals(v, value))
            {
                writer.WriteStringValue(kebab);
                return;
            }
        }

        throw new JsonException($"{value} is not a defined {typeof(TEnum).Name}.");
    }
}

// Priorities as the HTTP API writes them ("P1"); reviews stored before this wrote the level (1), which still reads.
internal sealed class ReviewPriorityJsonConverter : JsonConverter<Priority>
{
    public override Priority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Priority(reader.GetInt32());
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text is { Length: > 1 } && (text[0] is 'P' or 'p')
            && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            ? new Priority(level)
            : throw new JsonException($"Expected a priority such as \"P1\", found {(text is null ? reader.TokenType.ToString() : $"'{text}'")}.");
    }

    public override void Write(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
