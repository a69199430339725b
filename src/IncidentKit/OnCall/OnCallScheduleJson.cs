using System.Globalization;
using System.Text.Json;
using IncidentKit.Calendars;
using NodaTime;
using NodaTime.Text;
using IncidentKit.Configuration;

namespace IncidentKit.OnCall;

/// <summary>Reads the JSON shape documented on <see cref="OnCallSchedule.FromJson(string)"/> through the configuration model (<see cref="OnCallScheduleConfiguration"/>).</summary>
internal static class OnCallScheduleJson
{
    private static readonly LocalDateTimePattern MinutesPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static OnCallSchedule ParseSchedule(string json)
    {
        const string Subject = "on-call schedule";
        var problems = new ConfigurationProblems();
        using JsonDocument? document = ConfigurationReader.Parse(json, problems, out _);
        var configuration = document is null ? null : ConfigurationReader.Read(document.RootElement, ConfigurationJsonContext.Default.OnCallScheduleConfiguration, problems);
        var schedule = configuration is null ? null : FromConfiguration(configuration, "$", problems);
        return problems.Count > 0 || schedule is null ? throw new ConfigurationValidationException(Subject, problems.Lines()) : schedule;
    }

    public static OnCallRoster ParseRoster(string json)
    {
        const string Subject = "on-call roster";
        var problems = new ConfigurationProblems();
        using JsonDocument? document = ConfigurationReader.Parse(json, problems, out _);
        var configuration = document is null ? null : ConfigurationReader.Read(document.RootElement, ConfigurationJsonContext.Default.OnCallRosterConfiguration, problems);
        var schedules = new List<OnCallSchedule>();
        if (configuration is not null)
        {
            var items = configuration.Schedules ?? [];
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item && FromConfiguration(item, $"$.schedules[{i}]", problems) is { } schedule)
                {
                    if (ids.TryGetValue(schedule.Id.Value, out int first))
                    {
                        problems.Add($"$.schedules[{i}].id", $": '{schedule.Id}' is already the id of {problems.Resolve("$.schedules")}[{first}]; schedule ids are unique.");
                    }
                    else
                    {
                        ids[schedule.Id.Value] = i;
                        schedules.Add(schedule);
                    }
                }
            }
        }

        return problems.Count > 0 || configuration is null ? throw new ConfigurationValidationException(Subject, problems.Lines()) : new OnCallRoster(schedules);
    }

    // The validation pass: turns the configuration record into a schedule, adding every problem with its JSON path.
    internal static OnCallSchedule? FromConfiguration(OnCallScheduleConfiguration element, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        ScheduleId? id = null;
        if (Required(element.Id, $"{path}.id", "a schedule id such as \"dba-primary\"", problems) is { } idText)
        {
            if (idText.Length > 256)
            {
                problems.Add($"{path}.id", ": a schedule id has at most 256 characters.");
            }
            else
            {
                id = new ScheduleId(idText);
            }
        }

        DateTimeZone? zone = null;
        if (Required(element.TimeZone, $"{path}.timeZone", "an IANA id such as \"Europe/London\"", problems) is { } zoneId
            && (zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)) is null)
        {
            problems.Add($"{path}.timeZone", $": unknown time zone '{zoneId}' (expected an IANA id such as \"Europe/London\").");
        }

        var builder = id is { } i && zone is not null ? new OnCallScheduleBuilder(i, zone) : null;
        var layers = element.Layers ?? [];
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l] is { } layer)
            {
                ReadLayer(layer, $"{path}.layers[{l}]", builder, problems);
            }
        }

        var overrides = element.Overrides ?? [];
        for (int o = 0; o < overrides.Count; o++)
        {
            if (overrides[o] is { } item)
            {
                ReadOverride(item, $"{path}.overrides[{o}]", builder, problems);
            }
        }

        var temporary = element.Temporary ?? [];
        for (int t = 0; t < temporary.Count; t++)
        {
            if (temporary[t] is { } item)
            {
                ReadTemporary(item, $"{path}.temporary[{t}]", builder, problems);
            }
        }

        if (problems.Count > before || builder is null)
        {
            return null;
        }

        try
        {
            return builder.Build();
        }
        catch (InvalidScheduleException ex)
        {
            foreach (string problem in ex.Problems)
            {
                problems.Add(Locate(problem, path));
            }

            return null;
        }
    }

    // The builder names its parts "Layer 2 ('day')", "Override 0" or "Temporary schedule 1"; when the JSON parsed cleanly
    // its indexes are the JSON's, so the problem can be moved to its JSON path.
    private static string Locate(string problem, string path)
    {
        foreach (var (prefix, property) in new[] { ("Layer ", "layers"), ("Override ", "overrides"), ("Temporary schedule ", "temporary") })
        {
            if (problem.StartsWith(prefix, StringComparison.Ordinal))
            {
                int end = prefix.Length;
                while (end < problem.Length && char.IsAsciiDigit(problem[end]))
                {
                    end++;
                }

                if (end > prefix.Length)
                {
                    return $"{path}.{property}[{problem[prefix.Length..end]}]{problem[end..]}";
                }
            }
        }

        return $"{path}: {problem}";
    }

    private static void ReadLayer(OnCallLayerConfiguration element, string path, OnCallScheduleBuilder? builder, ConfigurationProblems problems)
    {
        int before = problems.Count;
        string? name = Required(element.Name, $"{path}.name", "a layer name", problems);
        var participants = ReadUsers(element.Participants, $"{path}.participants", problems);
        LocalDateTime? start = Required(element.Start, $"{path}.start", "a local date-time such as \"2026-03-23T09:00\"", problems) is { } s ? ReadLocalDateTime(s, path + ".start", problems) : null;
        RotationLength? turn = Required(element.Turn, $"{path}.turn", "a turn length such as \"1d\", \"12h\" or \"1w\"", problems) is { } t ? ReadTurn(t, path + ".turn", problems) : null;
        LocalDateTime? end = string.IsNullOrEmpty(element.End) ? null : ReadLocalDateTime(element.End, path + ".end", problems);
        var restrictions = new List<WeeklyWindow>();
        var items = element.Restrictions ?? [];
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is { } item)
            {
                ReadRestriction(item, $"{path}.restrictions[{i}]", restrictions, problems);
            }
        }

        if (problems.Count == before && builder is not null)
        {
            builder.AddLayer(name!, participants!, start!.Value, turn!.Value, restrictions, end);
        }
    }

    private static void ReadRestriction(OnCallRestrictionConfiguration element, string path, List<WeeklyWindow> sink, ConfigurationProblems problems)
    {
        int before = problems.Count;
        var days = new List<IsoDayOfWeek>();
        if (element.Days is not { Count: > 0 } texts)
        {
            problems.Add($"{path}.days", ": required (\"weekdays\", \"weekends\", \"daily\", a weekday name, or an array of weekday names).");
        }
        else
        {
            for (int i = 0; i < texts.Count; i++)
            {
                if (texts[i] is { } text)
                {
                    ReadDays(text, $"{path}.days[{i}]", days, problems);
                }
            }
        }

        LocalTime? from = ReadTime(element.From, "from", path, problems);
        LocalTime? to = ReadTime(element.To, "to", path, problems);
        if (days.Distinct().Count() != days.Count)
        {
            problems.Add($"{path}.days", ": a day is given more than once.");
        }

        if (problems.Count == before)
        {
            sink.AddRange(days.Select(day => new WeeklyWindow(day, from!.Value, to!.Value)));
        }
    }

    private static void ReadDays(string text, string path, List<IsoDayOfWeek> days, ConfigurationProblems problems)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "weekdays":
                days.AddRange(Enumerable.Range(1, 5).Select(i => (IsoDayOfWeek)i));
                break;
            case "weekends":
                days.AddRange([IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday]);
                break;
            case "daily" or "everyday":
                days.AddRange(Enumerable.Range(1, 7).Select(i => (IsoDayOfWeek)i));
                break;
            default:
                if (CalendarAssembly.ParseDay(text.Trim()) is { } day)
                {
                    days.Add(day);
                }
                else
                {
                    problems.Add(path, $": unknown day '{text}' (expected weekdays, weekends, daily or one of {string.Join(", ", CalendarAssembly.DayNames)}).");
                }

                break;
        }
    }

    private static LocalTime? ReadTime(string? text, string name, string path, ConfigurationProblems problems)
    {
        string at = $"{path}.{name}";
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(at, ": required (a local time such as \"09:00\").");
            return null;
        }

        if (text == "24:00")
        {
            // A window closing at midnight closes at the start of the next day, which WeeklyWindow writes as 00:00.
            return LocalTime.Midnight;
        }

        if (TimePattern.Parse(text) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        problems.Add(at, $": \"{text}\" is not a local time such as \"09:00\" (\"24:00\" for midnight at the end of the day).");
        return null;
    }

    private static void ReadOverride(OnCallOverrideConfiguration element, string path, OnCallScheduleBuilder? builder, ConfigurationProblems problems)
    {
        int before = problems.Count;
        Instant? start = ReadInstant(element.Start, $"{path}.start", problems);
        Instant? end = ReadInstant(element.End, $"{path}.end", problems);
        UserId? onCall = Required(element.OnCall, $"{path}.onCall", "a user id", problems) is { } o ? ToUser(o, path + ".onCall", problems) : null;
        UserId? replacing = string.IsNullOrEmpty(element.Replacing) ? null : ToUser(element.Replacing, path + ".replacing", problems);
        if (problems.Count == before && builder is not null)
        {
            builder.AddOverride(start!.Value, end!.Value, onCall!.Value, replacing);
        }
    }

    private static void ReadTemporary(OnCallTemporaryConfiguration element, string path, OnCallScheduleBuilder? builder, ConfigurationProblems problems)
    {
        int before = problems.Count;
        Instant? start = ReadInstant(element.Start, $"{path}.start", problems);
        Instant? end = ReadInstant(element.End, $"{path}.end", problems);
        var users = ReadUsers(element.OnCall, $"{path}.onCall", problems);
        if (problems.Count == before && builder is not null)
        {
            builder.AddTemporarySchedule(start!.Value, end!.Value, [.. users!]);
        }
    }

    private static List<UserId>? ReadUsers(IReadOnlyList<string>? items, string path, ConfigurationProblems problems)
    {
        if (items is not { Count: > 0 })
        {
            problems.Add(path, ": required (a non-empty array of user ids).");
            return null;
        }

        var users = new List<UserId>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                continue;
            }

            if (items[i].Trim().Length == 0)
            {
                problems.Add($"{path}[{i}]", $": expected a user id, found \"{items[i]}\".");
            }
            else if (ToUser(items[i], $"{path}[{i}]", problems) is { } user)
            {
                users.Add(user);
            }
        }

        return users;
    }

    private static UserId? ToUser(string text, string path, ConfigurationProblems problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(path, $": expected a user id, found \"{text}\".");
            return null;
        }

        if (text.Length > 256)
        {
            problems.Add(path, ": a user id has at most 256 characters.");
            return null;
        }

        try
        {
            return new UserId(text);
        }
        catch (ArgumentException ex)
        {
            // The id's own rules (control characters, ...) are the one source of truth; report them at the path.
            problems.Add(path, $": not a user id ({ex.Message.Split(" (Parameter")[0]})");
            return null;
        }
    }

    private static Instant? ReadInstant(string? text, string path, ConfigurationProblems problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(path, ": required (an instant such as \"2026-03-28T18:00:00Z\").");
            return null;
        }

        if (InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant)
        {
            return instant.Value;
        }

        if (OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } offset)
        {
            return offset.Value.ToInstant();
        }

        problems.Add(path, $": \"{text}\" is not an instant such as \"2026-03-28T18:00:00Z\" or \"2026-03-28T19:00:00+01:00\".");
        return null;
    }

    private static LocalDateTime? ReadLocalDateTime(string text, string path, ConfigurationProblems problems)
    {
        if (MinutesPattern.Parse(text) is { Success: true } minutes)
        {
            return minutes.Value;
        }

        if (LocalDateTimePattern.ExtendedIso.Parse(text) is { Success: true } full)
        {
            return full.Value;
        }

        problems.Add(path, $": \"{text}\" is not a local date-time such as \"2026-03-23T09:00\" (no offset: it is read in the schedule's time zone).");
        return null;
    }

    // "12h", "1d", "2w": a count and a unit; the units are local wall-clock ones (see RotationLength).
    private static RotationLength? ReadTurn(string given, string path, ConfigurationProblems problems)
    {
        string text = given.Trim();
        if (text is { Length: >= 2 }
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count > 0)
        {
            try
            {
                switch (char.ToLowerInvariant(text[^1]))
                {
                    case 'h':
                        return RotationLength.Hours(count);
                    case 'd':
                        return RotationLength.Days(count);
                    case 'w':
                        return RotationLength.Weeks(count);
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                problems.Add(path, $": '{text}' is too long; a turn lasts at most about ten years.");
                return null;
            }
        }

        problems.Add(path, $": \"{given}\" is not a turn length such as \"12h\", \"1d\" or \"1w\" (a positive whole number of hours, days or weeks).");
        return null;
    }

    // A required text: missing, null and "" are all "required" (configuration writes a null as "").
    private static string? Required(string? text, string path, string expected, ConfigurationProblems problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(path, $": required ({expected}).");
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(path, $": expected {expected}, found \"{text}\".");
            return null;
        }

        return text;
    }
}
