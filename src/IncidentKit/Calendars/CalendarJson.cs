using System.Buffers;
using System.Text;
using System.Text.Json;
using IncidentKit.Configuration;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Calendars;

/// <summary>Reads calendars through the configuration model (<see cref="CalendarConfiguration"/>) and writes them back as JSON.</summary>
internal static class CalendarJson
{
    public static BusinessCalendar Parse(string json)
    {
        var problems = new ConfigurationProblems();
        using JsonDocument? document = ConfigurationReader.Parse(json, problems, out JsonException? error);
        if (document is null)
        {
            throw new CalendarFormatException(problems.Lines(), error);
        }

        var configuration = ConfigurationReader.Read(document.RootElement, ConfigurationJsonContext.Default.CalendarConfiguration, problems);
        BusinessCalendar? calendar = configuration is null ? null : FromConfiguration(configuration, "$", problems);
        return problems.Count > 0 || calendar is null ? throw new CalendarFormatException(problems.Lines()) : calendar;
    }

    // The validation pass: turns the configuration record into a calendar, adding every problem with its JSON path.
    internal static BusinessCalendar? FromConfiguration(CalendarConfiguration configuration, string path, ConfigurationProblems problems)
    {
        if (configuration.Versions is not { } versions)
        {
            return ParseRules(configuration, path, problems) is { } rules ? CalendarAssembly.Single(rules) : null;
        }

        foreach (var (name, given) in Others(configuration))
        {
            if (given)
            {
                problems.Add($"{path}.{name}", ": not allowed beside \"versions\" (put it inside a version's \"calendar\").");
            }
        }

        if (versions.Count == 0)
        {
            problems.Add($"{path}.versions", ": expected a non-empty array of { \"effectiveFrom\": ..., \"calendar\": {...} }, found an empty array.");
            return null;
        }

        int before = problems.Count;
        var parts = new List<(long, BusinessCalendar)>();
        long? previous = null;
        for (int index = 0; index < versions.Count; index++)
        {
            string at = $"{path}.versions[{index}]";
            if (versions[index] is not { } version)
            {
                continue;
            }

            long start = long.MinValue;
            if (string.IsNullOrEmpty(version.EffectiveFrom))
            {
                if (index > 0)
                {
                    problems.Add($"{at}.effectiveFrom", ": required; only the first version may have a null effectiveFrom (in force from the beginning of time).");
                }
            }
            else if (InstantPattern.ExtendedIso.Parse(version.EffectiveFrom) is not { Success: true } parsed)
            {
                problems.Add($"{at}.effectiveFrom", $": \"{version.EffectiveFrom}\" is not an instant such as \"2026-07-01T04:00:00Z\".");
            }
            else
            {
                start = parsed.Value.ToUnixTimeTicks();
                if (previous is { } p && start <= p)
                {
                    problems.Add($"{at}.effectiveFrom", $": {parsed.Value} is not after the previous version's {Instant.FromUnixTimeTicks(p)} (versions must be in strictly increasing order and cannot overlap).");
                }

                previous = start;
            }

            if (version.Calendar is not { } body)
            {
                problems.Add($"{at}.calendar", ": required.");
            }
            else if (body.Versions is not null)
            {
                problems.Add($"{at}.calendar.versions", ": not allowed in a version's calendar.");
            }
            else if (ParseRules(body, at + ".calendar", problems) is { } rules)
            {
                parts.Add((start, CalendarAssembly.Single(rules)));
            }
        }

        return problems.Count > before ? null : CalendarAssembly.Combine(parts);
    }

    private static IEnumerable<(string Name, bool Given)> Others(CalendarConfiguration c) =>
        [("timeZone", c.TimeZone is not null), ("weekly", c.Weekly is not null), ("holidays", c.Holidays is not null), ("exceptions", c.Exceptions is not null)];

    private static CalendarRules? ParseRules(CalendarConfiguration configuration, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        DateTimeZone? zone = null;
        if (configuration.TimeZone is not { } zoneId)
        {
            problems.Add($"{path}.timeZone", ": required (an IANA id such as \"Europe/London\").");
        }
        else if ((zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)) is null)
        {
            problems.Add($"{path}.timeZone", $": unknown time zone '{zoneId}' (expected an IANA id such as \"Europe/London\").");
        }

        var weekly = new LocalSpan[7][];
        Array.Fill(weekly, []);
        var seen = new HashSet<IsoDayOfWeek>();
        foreach (var (name, items) in configuration.Weekly ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            string at = $"{path}.weekly.{name}";
            if (CalendarAssembly.ParseDay(name) is not { } weekday)
            {
                problems.Add(at, $": unknown weekday '{name}' (expected one of {string.Join(", ", CalendarAssembly.DayNames)}).");
            }
            else if (!seen.Add(weekday))
            {
                problems.Add(at, $": {CalendarAssembly.DayName(weekday)} is given more than once.");
            }
            else if (items is not null)
            {
                weekly[(int)weekday - 1] = Spans(items, at, problems);
            }
        }

        var holidays = new HashSet<LocalDate>();
        var holidayTexts = configuration.Holidays ?? [];
        for (int i = 0; i < holidayTexts.Count; i++)
        {
            if (holidayTexts[i] is null)
            {
                continue;
            }

            if (ParseDate(holidayTexts[i]) is { } date)
            {
                holidays.Add(date);
            }
            else
            {
                problems.Add($"{path}.holidays[{i}]", $": '{holidayTexts[i]}' is not a date such as \"2026-12-25\".");
            }
        }

        var exceptions = new Dictionary<LocalDate, LocalSpan[]>();
        foreach (var (name, items) in configuration.Exceptions ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            string at = $"{path}.exceptions.{name}";
            if (ParseDate(name) is not { } date)
            {
                problems.Add(at, $": '{name}' is not a date such as \"2026-12-24\".");
            }
            else if (exceptions.ContainsKey(date))
            {
                problems.Add(at, ": the date is given more than once.");
            }
            else if (items is not null)
            {
                exceptions[date] = Spans(items, at, problems);
            }
        }

        return problems.Count > before || zone is null ? null : new CalendarRules(zone, weekly, exceptions, holidays);
    }

    private static LocalSpan[] Spans(IReadOnlyList<string> items, string path, ConfigurationProblems problems)
    {
        var lines = new List<string>();
        var spans = CalendarAssembly.ParseSpans(items, path, lines);
        lines.ForEach(problems.Add);
        return spans;
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
