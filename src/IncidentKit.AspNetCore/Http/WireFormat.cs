using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IncidentKit.AspNetCore.Http;

/// <summary>Names the JSON type a converter writes a value as.</summary>
internal enum WireType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number without a fraction.</summary>
    Integer,
}

/// <summary>Describes the JSON one of the API's converters writes and reads, for the OpenAPI document (which otherwise knows nothing of a custom converter).</summary>
/// <param name="Type">The JSON type written.</param>
/// <param name="Description">What the value is and how it is written, in a sentence.</param>
/// <param name="Sample">A value of the converted type; the document's example is what the converter writes for it.</param>
/// <remarks>Kept beside each converter's <c>Read</c> and <c>Write</c> so the description cannot drift from the wire.</remarks>
internal sealed record WireFormat(WireType Type, string Description, object Sample)
{
    /// <summary>Gets the OpenAPI format of a string (<c>date-time</c>, <c>date</c>, <c>uuid</c>), or null.</summary>
    public string? Format { get; init; }

    /// <summary>Gets a regular expression every string written matches, or null.</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets the least length of a string, or null.</summary>
    public int? MinLength { get; init; }

    /// <summary>Gets the greatest length of a string, or null.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Gets the least integer, or null.</summary>
    public int? Minimum { get; init; }

    /// <summary>Gets the greatest integer, or null.</summary>
    public int? Maximum { get; init; }
}

/// <summary>Marks a converter of the API that says what it writes (see <see cref="WireFormat"/>).</summary>
internal interface IWireFormatConverter
{
    /// <summary>Gets what the converter writes and reads.</summary>
    WireFormat WireFormat { get; }

    /// <summary>Returns what the converter writes for <see cref="WireFormat.Sample"/>.</summary>
    /// <param name="options">The options the converter writes with.</param>
    /// <returns>The JSON written.</returns>
    JsonNode WriteSample(JsonSerializerOptions options);
}

/// <summary>Converts a value of the API and says what it writes.</summary>
/// <typeparam name="T">The converted type.</typeparam>
internal abstract class WireFormatConverter<T> : JsonConverter<T>, IWireFormatConverter
{
    /// <inheritdoc/>
    public abstract WireFormat WireFormat { get; }

    /// <inheritdoc/>
    public JsonNode WriteSample(JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, (T)WireFormat.Sample, options);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!;
    }
}

/// <summary>Marks a query or route parameter that a handler takes as text and parses as the API's JSON text of another type (an
/// instant, a user id, a priority...), so the OpenAPI document describes it as that type's converter does.</summary>
/// <param name="type">The type whose wire text the parameter holds.</param>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class WireTextAttribute(Type type) : Attribute
{
    /// <summary>Gets the type whose wire text the parameter holds.</summary>
    public Type Type { get; } = type;
}
