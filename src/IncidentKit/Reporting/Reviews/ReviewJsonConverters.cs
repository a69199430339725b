using System.Text.Json;
using System.Text.Json.Serialization;
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
