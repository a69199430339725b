#if NET9_0_OR_GREATER
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IncidentKit.AspNetCore.Http;

// The JSON schema exporter knows nothing of a custom converter: every type the API writes through one (instants, durations,
// dates, ids, priorities, impact and urgency levels) comes out as an empty schema, and a list of them as an array of nothing.
// The converters say what they write (IWireFormatConverter); this turns that into the schema, so the list of described types
// is whatever the API's JSON options convert, never a list kept here.
internal sealed class WireFormatSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var typeInfo = context.JsonTypeInfo;
        if (context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var parameter }
            && parameter.GetCustomAttribute<WireTextAttribute>() is { } text
            && WireFormatOf(typeInfo.Options.GetTypeInfo(text.Type)) is { } parsed)
        {
            // A parameter taken as text and parsed as the wire text of another type.
            Describe(schema, parsed, typeInfo.Options);
        }
        else if (context.JsonPropertyInfo?.CustomConverter is IWireFormatConverter own)
        {
            // A property written by a converter of its own rather than its type's (see the object case below).
            Describe(schema, own, typeInfo.Options);
        }
        else if (WireFormatOf(typeInfo) is { } wire)
        {
            // A nullable value comes as a oneOf of null and a reference to the value's own schema, which is described when it is made.
            if (schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 })
            {
                Describe(schema, wire, typeInfo.Options);
            }
        }
        else if (typeInfo.Kind == JsonTypeInfoKind.Enumerable && schema.Items is null && typeInfo.ElementType is { } element
            && WireFormatOf(typeInfo.Options.GetTypeInfo(element)) is not null)
        {
            // The exporter leaves out an item schema that says nothing; the transformers reach the items next and describe them.
            schema.Items = new OpenApiSchema();
        }
        else if (typeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            // The exporter turns such a property into a reference to its type's schema; a schema of its own keeps it apart.
            foreach (var property in typeInfo.Properties.Where(p => p.CustomConverter is IWireFormatConverter && properties.ContainsKey(p.Name)))
            {
                properties[property.Name] = new OpenApiSchema { Description = (properties[property.Name] as OpenApiSchema)?.Description };
            }
        }
        else if (schema.Type is null && schema.Enum is { Count: > 0 } values && values.All(v => v is null || v.GetValueKind() == JsonValueKind.String))
        {
            // Enums travel by name (UseStringEnumConverter); the exporter lists the names but not that they are strings.
            schema.Type = values.Any(v => v is null) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }

    // Finds the converter the API's options use for a type, or for the value a nullable type holds, if it says what it writes.
    private static IWireFormatConverter? WireFormatOf(JsonTypeInfo typeInfo)
    {
        if (Nullable.GetUnderlyingType(typeInfo.Type) is { } underlying)
        {
            typeInfo = typeInfo.Options.GetTypeInfo(underlying);
        }

        return typeInfo.Converter as IWireFormatConverter;
    }

    private static void Describe(OpenApiSchema schema, IWireFormatConverter converter, JsonSerializerOptions options)
    {
        var wire = converter.WireFormat;
        schema.Type = wire.Type == WireType.Integer ? JsonSchemaType.Integer : JsonSchemaType.String;
        schema.Format = wire.Format ?? (wire.Type == WireType.Integer ? "int32" : null);
        schema.Pattern = wire.Pattern;
        schema.MinLength = wire.MinLength;
        schema.MaxLength = wire.MaxLength;
        schema.Minimum = wire.Minimum?.ToString(CultureInfo.InvariantCulture);
        schema.Maximum = wire.Maximum?.ToString(CultureInfo.InvariantCulture);
        schema.Description = schema.Description is null || schema.Description.Contains(wire.Description, StringComparison.Ordinal)
            ? schema.Description ?? wire.Description
            : $"{schema.Description} {wire.Description}";
        schema.Examples = [converter.WriteSample(options)];
    }
}
#endif
