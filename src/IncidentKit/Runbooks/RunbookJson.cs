using System.Text;
using System.Text.Json;

namespace IncidentKit.Runbooks;

/// <summary>Reads runbooks written as JSON, reporting each problem with its line.</summary>
/// <remarks>
/// <para>The shape (property names are case-sensitive; unknown properties are refused):</para>
/// <code>
/// { "id": "db-failover", "version": 3, "title": "Database failover",
///   "categories": ["Infrastructure/Database"], "services": ["orders-db"], "labels": { "alertname": "PostgresDown" },
///   "steps": [ { "text": "Page the DBA on call", "required": true, "duration": "5m", "links": ["https://wiki.example.com/dba"] } ] }
/// </code>
/// <para><c>id</c> defaults to the title made lower case with dashes; <c>version</c> to 1; <c>required</c> to true; <c>duration</c>
/// is optional (<see cref="RunbookDurations"/>); <c>links</c> are absolute http or https addresses.</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class RunbookJson
{
    /// <summary>Reads one runbook.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="fileName">The file's name, for messages; <see langword="null"/> for none.</param>
    /// <returns>The runbook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="RunbookFormatException">The text is not a valid runbook; every problem is listed with its line.</exception>
    public static Runbook Parse(string json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var draft = new RunbookDraft();
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int LineOf(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 8 });
        try
        {
            ReadRunbook(ref reader, draft, LineOf);
            if (reader.Read())
            {
                draft.Problems.Add(new RunbookProblem(LineOf(reader.TokenStartIndex), "Unexpected content after the runbook's object."));
            }
        }
        catch (JsonException ex)
        {
            draft.Problems.Add(new RunbookProblem((int)(ex.LineNumber ?? 0) + 1, $"The JSON does not parse: {FirstSentence(ex.Message)}"));
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString refuses an escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            draft.Problems.Add(new RunbookProblem(LineOf(reader.TokenStartIndex), "A text holds an escape that is not valid UTF-16 (a lone surrogate such as \\ud800)."));
        }

        return draft.Build(fileName);
    }

    private static void ReadRunbook(ref Utf8JsonReader reader, RunbookDraft draft, Func<long, int> lineOf)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            draft.Problems.Add(new RunbookProblem(lineOf(reader.TokenStartIndex), "Expected a JSON object holding the runbook."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var line = lineOf(reader.TokenStartIndex);
            reader.Read();
            if (!seen.Add(name))
            {
                draft.Problems.Add(new RunbookProblem(line, $"Property '{name}' is given twice."));
                reader.Skip();
                continue;
            }

            switch (name)
            {
                case "id":
                    draft.Id = ReadString(ref reader, draft, line, name);
                    draft.IdLine = line;
                    break;
                case "title":
                    draft.Title = ReadString(ref reader, draft, line, name);
                    draft.TitleLine = line;
                    break;
                case "version":
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) && version >= 1)
                    {
                        draft.Version = version;
                    }
                    else
                    {
                        draft.Problems.Add(new RunbookProblem(line, "Property 'version' must be a whole number from 1."));
                        reader.Skip();
                    }

                    break;
                case "categories":
                    foreach (var (text, at) in Strings(ref reader, draft, line, name, lineOf))
                    {
                        draft.AddCategory(text, at);
                    }

                    break;
                case "services":
                    foreach (var (text, at) in Strings(ref reader, draft, line, name, lineOf))
                    {
                        draft.AddService(text, at);
                    }

                    break;
                case "labels":
                    ReadLabels(ref reader, draft, line, lineOf);
                    break;
                case "steps":
                    ReadSteps(ref reader, draft, line, lineOf);
                    break;
                default:
                    draft.Problems.Add(new RunbookProblem(line, $"Unknown property '{name}' (expected id, version, title, categories, services, labels or steps)."));
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadLabels(ref Utf8JsonReader reader, RunbookDraft draft, int line, Func<long, int> lineOf)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            draft.Problems.Add(new RunbookProblem(line, "Property 'labels' must be an object of label names to values."));
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var at = lineOf(reader.TokenStartIndex);
            reader.Read();
            if (ReadString(ref reader, draft, at, $"labels.{name}") is { } value)
            {
                draft.AddLabel(name, value, at);
            }
        }
    }

    private static void ReadSteps(ref Utf8JsonReader reader, RunbookDraft draft, int line, Func<long, int> lineOf)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            draft.Problems.Add(new RunbookProblem(line, "Property 'steps' must be an array of steps."));
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var stepLine = lineOf(reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                draft.Problems.Add(new RunbookProblem(stepLine, "Each step must be an object with text, and optionally required, duration and links."));
                reader.Skip();
                continue;
            }

            string? text = null;
            var required = true;
            string? duration = null;
            var links = new List<(string, int)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var at = lineOf(reader.TokenStartIndex);
                reader.Read();
                if (!seen.Add(name))
                {
                    draft.Problems.Add(new RunbookProblem(at, $"Step property '{name}' is given twice."));
                    reader.Skip();
                    continue;
                }

                switch (name)
                {
                    case "text":
                        text = ReadString(ref reader, draft, at, "text");
                        break;
                    case "required" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        required = reader.GetBoolean();
                        break;
                    case "required":
                        draft.Problems.Add(new RunbookProblem(at, "Step property 'required' must be true or false."));
                        reader.Skip();
                        break;
                    case "duration":
                        duration = ReadString(ref reader, draft, at, "duration");
                        break;
                    case "links":
                        links.AddRange(Strings(ref reader, draft, at, "links", lineOf));
                        break;
                    default:
                        draft.Problems.Add(new RunbookProblem(at, $"Unknown step property '{name}' (expected text, required, duration or links)."));
                        reader.Skip();
                        break;
                }
            }

            draft.AddStep(text ?? string.Empty, required, duration, links, stepLine);
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader, RunbookDraft draft, int line, string name)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        draft.Problems.Add(new RunbookProblem(line, $"Property '{name}' must be a string."));
        reader.Skip();
        return null;
    }

    private static List<(string Text, int Line)> Strings(ref Utf8JsonReader reader, RunbookDraft draft, int line, string name, Func<long, int> lineOf)
    {
        var result = new List<(string, int)>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            draft.Problems.Add(new RunbookProblem(line, $"Property '{name}' must be an array of strings."));
            reader.Skip();
            return result;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var at = lineOf(reader.TokenStartIndex);
            if (ReadString(ref reader, draft, at, name) is { } text)
            {
                result.Add((text, at));
            }
        }

        return result;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
