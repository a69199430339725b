using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IncidentKit.Simulation.Json;

// YAML scenario files: one YAML document turned into the JSON the strict reader takes, so both formats share one model, one
// validation and one set of paths ($.responders.people.bob.acknowledge). Scalars follow the YAML 1.2 core schema: a plain
// scalar that is a JSON number, true, false or null is that value, everything else (quoted, block, "09:00", "5m") a string,
// so the YAML 1.1 surprises (no → false, 09:00 → 540) do not happen. Syntax errors and repeated keys give the YAML line.
internal static class ScenarioYaml
{
    private const int MaxDepth = 64;

    public static string ToJson(string yaml, string subject)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ConfigurationValidationException(subject, [string.Create(CultureInfo.InvariantCulture,
                $"line {ex.Start.Line}, column {ex.Start.Column}: {(ex.InnerException is { } inner ? inner.Message : ex.Message)}")]);
        }

        if (stream.Documents.Count != 1)
        {
            throw new ConfigurationValidationException(subject, [string.Create(CultureInfo.InvariantCulture,
                $"$: expected one YAML document, found {stream.Documents.Count}.")]);
        }

        var problems = new List<string>();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, stream.Documents[0].RootNode, "$", 0, problems);
        }

        return problems.Count > 0 ? throw new ConfigurationValidationException(subject, problems) : Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, string path, int depth, List<string> problems)
    {
        if (depth > MaxDepth)
        {
            // Deep nesting, or an alias that refers to a node it is inside of.
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path} (line {node.Start.Line}): nested deeper than {MaxDepth} levels."));
            writer.WriteNullValue();
            return;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path} (line {key.Start.Line}): a key must be a plain name."));
                        continue;
                    }

                    writer.WritePropertyName(name);
                    Write(writer, value, $"{path}.{name}", depth + 1, problems);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Write(writer, sequence.Children[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), depth + 1, problems);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path} (line {node.Start.Line}): expected a mapping, a sequence or a scalar."));
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(text[0] is 't' or 'T');
        }
        else if (IsJsonNumber(text))
        {
            writer.WriteRawValue(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    // The JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i > start;
    }
}
