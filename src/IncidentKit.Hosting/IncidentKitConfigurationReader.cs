using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentKit.Configuration;
using IncidentKit.Hosting.Configuration;
using IncidentKit.Calendars;
using IncidentKit.Escalation;
using IncidentKit.OnCall;
using IncidentKit.Sla;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace IncidentKit.Hosting;

// Reads the "IncidentKit" configuration section through the configuration model (IncidentKitConfiguration and the core's records)
// rather than with ConfigurationBinder: the binder is not trim-safe (the package is AOT-compatible), cannot bind NodaTime types, and
// stops at the first bad value, whereas a host operator should see every problem of a section at once, each with its
// configuration path. The section is turned into JSON (undoing configuration's flattening) and read by the one strict reader
// (ConfigurationDocument); the sub-documents (calendars, SLA policies, schedules, escalation, directory) go through the core's
// readers of the same records, which also accept each of them written as one JSON string; then one validation pass turns the
// records into options through the builders.
internal static partial class IncidentKitConfigurationReader
{
    // The sub-documents read on their own (each may also be one JSON string), with problems as "<section path>: $.json.path: ...".
    private static readonly string[] Documents = ["Calendars", "SlaPolicies", "Schedules", "Escalation", "Directory"];

    public static void Read(IConfiguration section, IncidentKitOptions options)
    {
        var problems = options.ConfigurationProblems;
        var prefix = section is IConfigurationSection { Path: { } path } ? path : string.Empty;
        var settings = new JsonObject();
        foreach (var child in section.GetChildren())
        {
            if (!Documents.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                settings[child.Key] = JsonNode.Parse(ToJson(child));
            }
        }

        using var document = JsonDocument.Parse(settings.ToJsonString());
        var found = new List<string>();
        var configuration = ConfigurationDocument.Read(document.RootElement, HostingConfigurationJsonContext.Default.IncidentKitConfiguration, found);
        problems.AddRange(found.Select(line => InSection(prefix, line)));
        if (configuration is not null)
        {
            Apply(configuration, section, prefix, options, problems);
        }

        ReadCalendars(section.GetSection("Calendars"), options, problems);
        ReadSlaPolicies(section.GetSection("SlaPolicies"), options, problems);
        ReadSchedules(section.GetSection("Schedules"), options, problems);
        ReadJson(section.GetSection("Escalation"), problems, json => options.Escalation = EscalationMatrix.FromJson(json));
        ReadJson(section.GetSection("Directory"), problems, json => options.Directory = EscalationDirectory.FromJson(json));
    }

    // "$.Workflow.ReopenWindow: expected ..." becomes "IncidentKit:Workflow:ReopenWindow: ...", in the words the section has always
    // used: configuration holds text, so a refused value is quoted as written and an unknown property is an unknown setting.
    internal static string InSection(string prefix, string line)
    {
        int end = line.IndexOf(": ", StringComparison.Ordinal);
        if (end < 0 || !line.StartsWith('$'))
        {
            return line;
        }

        var path = new StringBuilder(prefix);
        foreach (Match segment in JsonPathSegment().Matches(line[1..end]))
        {
            path.Append(path.Length == 0 ? "" : ":").Append(segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["index"].Value);
        }

        var rest = line[(end + 2)..];
        if (Refused().Match(rest) is { Success: true } refused)
        {
            rest = $"'{refused.Groups["value"].Value}' is not {refused.Groups["expected"].Value}.";
        }
        else if (ControlCharacter().Match(rest) is { Success: true } control)
        {
            rest = $"not {control.Groups["expected"].Value} (it holds the control character {control.Groups["code"].Value}).";
        }
        else if (rest.StartsWith("unknown property (", StringComparison.Ordinal))
        {
            rest = "unknown setting (" + rest["unknown property (".Length..];
        }

        return $"{path}: {rest}";
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex JsonPathSegment();

    [GeneratedRegex("^expected (?<expected>.+), found \"(?<value>.*)\"\\.$")]
    private static partial Regex Refused();

    [GeneratedRegex(@"^expected (?<expected>.+) without control characters, found one \((?<code>U\+[0-9A-F]{4})\)\.$")]
    private static partial Regex ControlCharacter();

    // "Schedules": [ { "id": "dba-primary", ... } ] or { "dba-primary": { ... } }; each schedule as configuration or one JSON string.
    private static void ReadSchedules(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                // The whole list as one JSON string.
                ReadJson(section, problems, json => AddAll(options, OnCallRoster.FromJson(json).Schedules.Values));
            }

            return;
        }

        bool keyed = !IsArray(children);
        foreach (var child in keyed ? children : [.. children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))])
        {
            ReadJson(child, problems, json =>
            {
                if (keyed && JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) is JsonObject body
                    && !body.Any(p => p.Key.Equals("id", StringComparison.OrdinalIgnoreCase)))
                {
                    body["id"] = child.Key;
                    json = body.ToJsonString();
                }

                var schedule = OnCallSchedule.FromJson(json);
                if (keyed && schedule.Id.Value != child.Key)
                {
                    throw new ConfigurationValidationException("on-call schedule", [$"$.id: '{schedule.Id}' differs from the key '{child.Key}' the schedule is listed under."]);
                }

                options.Schedules.Add(schedule);
            });
        }
    }

    private static void AddAll(IncidentKitOptions options, IEnumerable<OnCallSchedule> schedules)
    {
        foreach (var schedule in schedules)
        {
            options.Schedules.Add(schedule);
        }
    }

    // A value written as configuration (converted to JSON) or as one JSON string; problems keep their JSON path after the section's.
    private static void ReadJson(IConfigurationSection section, List<string> problems, Action<string> read)
    {
        // A JSON null (or an empty string) becomes an empty value in configuration: it leaves the setting unset.
        if (!section.Exists() || (section.Value is { Length: 0 } && !section.GetChildren().Any()))
        {
            return;
        }

        try
        {
            read(section.Value is { Length: > 0 } text && !section.GetChildren().Any() ? text : ToJson(section));
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{section.Path}: {e}"));
        }
        catch (JsonException ex)
        {
            problems.Add($"{section.Path}: malformed JSON: {ex.Message}");
        }
    }

    private static void ReadSlaPolicies(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        if (!section.Exists())
        {
            return;
        }

        try
        {
            var json = section.Value is { Length: > 0 } text && !section.GetChildren().Any() ? text : ToJson(section);
            options.SlaPolicies = SlaPolicySet.FromJson(json);
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{section.Path}: {e}"));
        }
        catch (FormatException ex)
        {
            problems.Add($"{section.Path}: {ex.Message}");
        }
    }

    private static void ReadCalendars(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        foreach (var calendar in section.GetChildren())
        {
            try
            {
                // A calendar may be written as configuration (the usual appsettings shape) or as one JSON string.
                var json = calendar.Value is { Length: > 0 } text && !calendar.GetChildren().Any() ? text : ToJson(calendar);
                options.Calendars[calendar.Key] = BusinessCalendar.FromJson(json);
            }
            catch (CalendarFormatException ex)
            {
                problems.Add($"{calendar.Path}: {ex.Message}");
            }
        }
    }

    // Configuration flattens JSON: arrays become children keyed 0..n-1, every leaf becomes a string, and an empty array or a
    // null becomes an empty string. The calendar format only has strings, arrays, objects and a nullable effectiveFrom, so an
    // empty leaf is read back as an empty array, except effectiveFrom, which is read back as null.
    internal static string ToJson(IConfigurationSection section)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(section, writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(IConfigurationSection section, Utf8JsonWriter writer)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (IsWholeNumber(section.Value))
            {
                // Configuration turns numbers into text; the only numbers these formats hold are whole ones (warning percents).
                writer.WriteRawValue(section.Value!);
            }
            else if (!string.IsNullOrEmpty(section.Value))
            {
                writer.WriteStringValue(section.Value);
            }
            else if (section.Key.Equals("effectiveFrom", StringComparison.OrdinalIgnoreCase))
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            return;
        }

        if (IsArray(children))
        {
            writer.WriteStartArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                Write(child, writer);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (var child in children)
        {
            writer.WritePropertyName(child.Key);
            Write(child, writer);
        }

        writer.WriteEndObject();
    }

    private static bool IsWholeNumber(string? text) =>
        text is { Length: > 0 and < 10 } && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');

    private static bool IsArray(List<IConfigurationSection> children)
    {
        var indexes = new HashSet<int>();
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || !indexes.Add(index))
            {
                return false;
            }
        }

        return indexes.Count == children.Count && indexes.Max() == children.Count - 1;
    }
}
