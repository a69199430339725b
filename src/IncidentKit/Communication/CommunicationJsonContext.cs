using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Storage;

namespace IncidentKit.Communication;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(InstantJsonConverter), typeof(TenantIdJsonConverter), typeof(IncidentIdJsonConverter), typeof(PriorityJsonConverter), typeof(RecipientJsonConverter)])]
[JsonSerializable(typeof(NotificationMessage))]
internal sealed partial class CommunicationJsonContext : JsonSerializerContext;

internal sealed class RecipientJsonConverter : JsonConverter<Recipient>
{
    public override Recipient Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return Recipient.Parse(reader.GetString() ?? string.Empty);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, Recipient value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
