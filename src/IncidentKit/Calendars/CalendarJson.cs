using System.Buffers;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Calendars;

/// <summary>Reads and writes the JSON shapes of issue 3 with System.Text.Json, reporting problems by JSON path.</summary>
internal static class CalendarJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly string[] CalendarProperties = ["timeZone", "weekly", "holidays", "exceptions"];
    private static readonly string[] VersionProperties = ["effectiveFrom", "calendar"];

    public static BusinessCalendar Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new CalendarFormatException([$"$: malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}"], ex);
        }

        using (document)
        {
            var problems = new List<string>();
            JsonElement root = document.RootElement;
            BusinessCalendar? calendar = null;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"$: expected a JSON object (a calendar or {{ \"versions\": [...] }}), found {ConfigurationJson.Describe(root)}.");
            }
            else if (ConfigurationJson.TryGet(root, "versions", out JsonElement versions))
            {
                foreach (JsonProperty other in root.EnumerateObject())
                {
                    if (!string.Equals(other.Name, "versions", StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"$.{other.Name}: not allowed beside \"versions\" (put it inside a version's \"calendar\").");
                    }
                }

                calendar = ParseVersions(versions, "$.versions", problems);
            }
            else
            {
                calendar = ParseRules(root, "$", problems) is { } rules ? CalendarAssembly.Single(rules) : null;
            }

            if (problems.Count > 0 || calendar is null)
            {
                throw new CalendarFormatException(problems);
            }

            return calendar;
        }
    }

    private static BusinessCalendar? ParseVersions(JsonElement versions, string path, List<string> problems)
    {
        if (versions.ValueKind != JsonValueKind.Array || versions.GetArrayLength() == 0)
        {
            problems.Add($"{path}: expected a non-empty array of {{ \"effectiveFrom\": ..., \"calendar\": {{...}} }}, found {ConfigurationJson.Describe(versions)}.");
            return null;
        }

        int before = problems.Count;
        var parts = new List<(long, BusinessCalendar)>();
        long? previous = null;
        int index = 0;
        foreach (JsonElement version in versions.EnumerateArray())
        {
            string at = $"{path}[{index}]";
            if (version.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{at}: expected {{ \"effectiveFrom\": ..., \"calendar\": {{...}} }}, found {ConfigurationJson.Describe(version)}.");
                index++;
                continue;
            }

            ConfigurationJson.CheckProperties(version, at, VersionProperties, problems);
            long start = long.MinValue;
            if (!ConfigurationJson.TryGet(version, "effectiveFrom", out JsonElement from) || from.ValueKind == JsonValueKind.Null)
            {
                if (index > 0)
                {
                    problems.Add($"{at}.effectiveFrom: required; only the first version may have a null effectiveFrom (in force from the beginning of time).");
                }
            }
            else if (from.ValueKind != JsonValueKind.String || InstantPattern.ExtendedIso.Parse(from.GetString()!) is not { Success: true } parsed)
            {
                problems.Add($"{at}.effectiveFrom: {ConfigurationJson.Describe(from)} is not an instant such as \"2026-07-01T04:00:00Z\".");
            }
            else
            {
                start = parsed.Value.ToUnixTimeTicks();
                if (previous is { } p && start <= p)
                {
                    problems.Add($"{at}.effectiveFrom: {parsed.Value} is not after the previous version's {Instant.FromUnixTimeTicks(p)} (versions must be in strictly increasing order and cannot overlap).");
                }

                previous = start;
            }

            if (!ConfigurationJson.TryGet(version, "calendar", out JsonElement body))
            {
                problems.Add($"{at}.calendar: required.");
            }
            else if (ParseRules(body, at + ".calendar", problems) is { } rules)
            {
                parts.Add((start, CalendarAssembly.Single(rules)));
            }

            index++;
        }

        return problems.Count > before ? null : CalendarAssembly.Combine(parts);
    }

    private static CalendarRules? ParseRules(JsonElement element, string path, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected a calendar object with \"timeZone\", found {ConfigurationJson.Describe(element)}.");
            return null;
        }

        int before = problems.Count;
        ConfigurationJson.CheckProperties(element, path, CalendarProperties, problems);
        DateTimeZone? zone = null;
        if (!ConfigurationJson.TryGet(element, "timeZone", out JsonElement zoneElement))
        {
            problems.Add($"{path}.timeZone: required (an IANA id such as \"Europe/London\").");
        }
        else if (zoneElement.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}.timeZone: expected a string such as \"Europe/London\", found {ConfigurationJson.Describe(zoneElement)}.");
        }
        else if ((zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneElement.GetString()!)) is null)
        {
            problems.Add($"{path}.timeZone: unknown time zone '{zoneElement.GetString()}' (expected an IANA id such as \"Europe/London\").");
        }

        var weekly = new LocalSpan[7][];
        Array.Fill(weekly, []);
        if (ConfigurationJson.TryGet(element, "weekly", out JsonElement weeklyElement))
        {
            if (weeklyElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}.weekly: expected an object of weekday names to interval lists, found {ConfigurationJson.Describe(weeklyElement)}.");
            }
            else
            {
                var seen = new HashSet<IsoDayOfWeek>();
                foreach (JsonProperty day in weeklyElement.EnumerateObject())
                {
                    string at = $"{path}.weekly.{day.Name}";
                    if (CalendarAssembly.ParseDay(day.Name) is not { } weekday)
                    {
                        problems.Add($"{at}: unknown weekday '{day.Name}' (expected one of {string.Join(", ", CalendarAssembly.DayNames)}).");
                    }
                    else if (!seen.Add(weekday))
                    {
                        problems.Add($"{at}: {CalendarAssembly.DayName(weekday)} is given more than once.");
                    }
                    else if (ReadStrings(day.Value, at, problems) is { } items)
                    {
                        weekly[(int)weekday - 1] = CalendarAssembly.ParseSpans(items, at, problems);
                    }
                }
            }
        }

        var holidays = new HashSet<LocalDate>();
        if (ConfigurationJson.TryGet(element, "holidays", out JsonElement holidaysElement)
            && ReadStrings(holidaysElement, path + ".holidays", problems) is { } holidayTexts)
        {
            for (int i = 0; i < holidayTexts.Length; i++)
            {
                if (ParseDate(holidayTexts[i]) is { } date)
                {
                    holidays.Add(date);
                }
                else
                {
                    problems.Add($"{path}.holidays[{i}]: '{holidayTexts[i]}' is not a date such as \"2026-12-25\".");
                }
            }
        }

        var exceptions = new Dictionary<LocalDate, LocalSpan[]>();
        if (ConfigurationJson.TryGet(element, "exceptions", out JsonElement exceptionsElement))
        {
            if (exceptionsElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}.exceptions: expected an object of dates to interval lists, found {ConfigurationJson.Describe(exceptionsElement)}.");
            }
            else
            {
                foreach (JsonProperty exception in exceptionsElement.EnumerateObject())
                {
                    string at = $"{path}.exceptions.{exception.Name}";
                    if (ParseDate(exception.Name) is not { } date)
                    {
                        problems.Add($"{at}: '{exception.Name}' is not a date such as \"2026-12-24\".");
                    }
                    else if (exceptions.ContainsKey(date))
                    {
                        problems.Add($"{at}: the date is given more than once.");
                    }
                    else if (ReadStrings(exception.Value, at, problems) is { } items)
                    {
                        exceptions[date] = CalendarAssembly.ParseSpans(items, at, problems);
                    }
                }
            }
        }

        return problems.Count > before || zone is null ? null : new CalendarRules(zone, weekly, exceptions, holidays);
    }

    private static string?[]? ReadStrings(JsonElement element, string path, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: expected an array of strings, found {ConfigurationJson.Describe(element)}.");
            return null;
        }

        var items = new string?[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items[i] = item.GetString();
            }
            else
            {
                problems.Add($"{path}[{i}]: expected a string, found {ConfigurationJson.Describe(item)}.");
                items[i] = string.Empty;
            }

            i++;
        }

        return items.Length == 0 || i == items.Length ? items : null;
    }

    private static LocalDate? ParseDate(string? text) =>
        text is not null && LocalDatePattern.Iso.Parse(text) is { Success: true } result ? result.Value : null;

    public static string Write(BusinessCalendar calendar)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            if (calendar.VersionCount == 1 && calendar.VersionStart(0) == long.MinValue && calendar.VersionRules(0) is { } only)
            {
                WriteRules(writer, only);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteStartArray("versions");
                for (int v = 0; v < calendar.VersionCount; v++)
                {
                    writer.WriteStartObject();
                    long start = calendar.VersionStart(v);
                    if (start == long.MinValue)
                    {
                        writer.WriteNull("effectiveFrom");
                    }
                    else
                    {
                        writer.WriteString("effectiveFrom", InstantPattern.ExtendedIso.Format(Instant.FromUnixTimeTicks(start)));
                    }

                    writer.WritePropertyName("calendar");
                    if (calendar.VersionRules(v) is { } rules)
                    {
                        WriteRules(writer, rules);
                    }
                    else
                    {
                        // A period with no version in force is written as a calendar that is never open.
                        writer.WriteStartObject();
                        writer.WriteString("timeZone", "UTC");
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteRules(Utf8JsonWriter writer, CalendarRules rules)
    {
        writer.WriteStartObject();
        writer.WriteString("timeZone", rules.Zone.Id);
        writer.WriteStartObject("weekly");
        for (IsoDayOfWeek day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            if (rules.Weekly(day).Count > 0)
            {
                WriteSpans(writer, CalendarAssembly.DayName(day), rules.Weekly(day));
            }
        }

        writer.WriteEndObject();
        writer.WriteStartArray("holidays");
        foreach (LocalDate date in rules.Holidays.Order())
        {
            writer.WriteStringValue(LocalDatePattern.Iso.Format(date));
        }

        writer.WriteEndArray();
        writer.WriteStartObject("exceptions");
        foreach (KeyValuePair<LocalDate, LocalSpan[]> exception in rules.Exceptions.OrderBy(e => e.Key))
        {
            WriteSpans(writer, LocalDatePattern.Iso.Format(exception.Key), exception.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSpans(Utf8JsonWriter writer, string name, IReadOnlyList<LocalSpan> spans)
    {
        writer.WriteStartArray(name);
        foreach (LocalSpan span in spans)
        {
            writer.WriteStringValue(span.Format());
        }

        writer.WriteEndArray();
    }
}
