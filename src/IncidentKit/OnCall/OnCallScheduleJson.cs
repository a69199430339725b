using System.Globalization;
using System.Text.Json;
using IncidentKit.Calendars;
using NodaTime;
using NodaTime.Text;
using static IncidentKit.ConfigurationJson;

namespace IncidentKit.OnCall;

/// <summary>Reads the JSON shape documented on <see cref="OnCallSchedule.FromJson(string)"/>, reporting every problem by JSON path.</summary>
internal static class OnCallScheduleJson
{
    private static readonly string[] ScheduleProperties = ["id", "timeZone", "layers", "overrides", "temporary"];
    private static readonly string[] LayerProperties = ["name", "participants", "start", "turn", "restrictions", "end"];
    private static readonly string[] RestrictionProperties = ["days", "from", "to"];
    private static readonly string[] OverrideProperties = ["start", "end", "onCall", "replacing"];
    private static readonly string[] TemporaryProperties = ["start", "end", "onCall"];
    private static readonly LocalDateTimePattern MinutesPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static OnCallSchedule ParseSchedule(string json)
    {
        const string Subject = "on-call schedule";
        using var document = Parse(json, Subject);
        var problems = new List<string>();
        var schedule = ReadSchedule(document.RootElement, "$", problems);
        return problems.Count > 0 || schedule is null ? throw new ConfigurationValidationException(Subject, problems) : schedule;
    }

    public static OnCallRoster ParseRoster(string json)
    {
        const string Subject = "on-call roster";
        using var document = Parse(json, Subject);
        var problems = new List<string>();
        var schedules = new List<OnCallSchedule>();
        JsonElement root = document.RootElement;
        string path = "$";
        if (root.ValueKind == JsonValueKind.Object && TryGet(root, "schedules", out JsonElement inner))
        {
            CheckProperties(root, path, ["schedules"], problems);
            root = inner;
            path = "$.schedules";
        }

        if (ReadArray(root, path, "an array of schedules (or { \"schedules\": [...] })", problems) is { } items)
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++)
            {
                if (ReadSchedule(items[i], $"{path}[{i}]", problems) is { } schedule)
                {
                    if (ids.TryGetValue(schedule.Id.Value, out int first))
                    {
                        problems.Add($"{path}[{i}].id: '{schedule.Id}' is already the id of {path}[{first}]; schedule ids are unique.");
                    }
                    else
                    {
                        ids[schedule.Id.Value] = i;
                        schedules.Add(schedule);
                    }
                }
            }
        }

        return problems.Count > 0 ? throw new ConfigurationValidationException(Subject, problems) : new OnCallRoster(schedules);
    }

    internal static OnCallSchedule? ReadSchedule(JsonElement element, string path, List<string> problems)
    {
        if (!ExpectObject(element, path, "a schedule object with \"id\", \"timeZone\" and \"layers\"", problems))
        {
            return null;
        }

        int before = problems.Count;
        CheckProperties(element, path, ScheduleProperties, problems);
        ScheduleId? id = null;
        if (ReadRequiredText(element, "id", path, "a schedule id such as \"dba-primary\"", problems) is { } idText)
        {
            if (idText.Length > 256)
            {
                problems.Add($"{path}.id: a schedule id has at most 256 characters.");
            }
            else
            {
                id = new ScheduleId(idText);
            }
        }

        DateTimeZone? zone = null;
        if (ReadRequiredText(element, "timeZone", path, "an IANA id such as \"Europe/London\"", problems) is { } zoneId
            && (zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)) is null)
        {
            problems.Add($"{path}.timeZone: unknown time zone '{zoneId}' (expected an IANA id such as \"Europe/London\").");
        }

        var builder = id is { } i && zone is not null ? new OnCallScheduleBuilder(i, zone) : null;
        if (TryGetGiven(element, "layers", out JsonElement layers)
            && ReadArray(layers, path + ".layers", "an array of layers", problems) is { } layerItems)
        {
            for (int l = 0; l < layerItems.Count; l++)
            {
                ReadLayer(layerItems[l], $"{path}.layers[{l}]", builder, problems);
            }
        }

        if (TryGetGiven(element, "overrides", out JsonElement overrides)
            && ReadArray(overrides, path + ".overrides", "an array of overrides", problems) is { } overrideItems)
        {
            for (int o = 0; o < overrideItems.Count; o++)
            {
                ReadOverride(overrideItems[o], $"{path}.overrides[{o}]", builder, problems);
            }
        }

        if (TryGetGiven(element, "temporary", out JsonElement temporary)
            && ReadArray(temporary, path + ".temporary", "an array of temporary schedules", problems) is { } temporaryItems)
        {
            for (int t = 0; t < temporaryItems.Count; t++)
            {
                ReadTemporary(temporaryItems[t], $"{path}.temporary[{t}]", builder, problems);
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
            problems.AddRange(ex.Problems.Select(p => Locate(p, path)));
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

    private static void ReadLayer(JsonElement element, string path, OnCallScheduleBuilder? builder, List<string> problems)
    {
        if (!ExpectObject(element, path, "a layer object with \"name\", \"participants\", \"start\" and \"turn\"", problems))
        {
            return;
        }

        int before = problems.Count;
        CheckProperties(element, path, LayerProperties, problems);
        string? name = ReadRequiredText(element, "name", path, "a layer name", problems);
        var participants = ReadUsers(element, "participants", path, problems);
        LocalDateTime? start = TryGetGiven(element, "start", out JsonElement s) ? ReadLocalDateTime(s, path + ".start", problems)
            : Required<LocalDateTime>(path + ".start", "a local date-time such as \"2026-03-23T09:00\"", problems);
        RotationLength? turn = TryGetGiven(element, "turn", out JsonElement t) ? ReadTurn(t, path + ".turn", problems)
            : Required<RotationLength>(path + ".turn", "a turn length such as \"1d\", \"12h\" or \"1w\"", problems);
        LocalDateTime? end = TryGetGiven(element, "end", out JsonElement e) ? ReadLocalDateTime(e, path + ".end", problems) : null;
        var restrictions = new List<WeeklyWindow>();
        if (TryGetGiven(element, "restrictions", out JsonElement r)
            && ReadArray(r, path + ".restrictions", "an array of { \"days\": ..., \"from\": \"09:00\", \"to\": \"17:00\" }", problems) is { } items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                ReadRestriction(items[i], $"{path}.restrictions[{i}]", restrictions, problems);
            }
        }

        if (problems.Count == before && builder is not null)
        {
            builder.AddLayer(name!, participants!, start!.Value, turn!.Value, restrictions, end);
        }
    }

    private static void ReadRestriction(JsonElement element, string path, List<WeeklyWindow> sink, List<string> problems)
    {
        if (!ExpectObject(element, path, "{ \"days\": ..., \"from\": \"09:00\", \"to\": \"17:00\" }", problems))
        {
            return;
        }

        int before = problems.Count;
        CheckProperties(element, path, RestrictionProperties, problems);
        var days = new List<IsoDayOfWeek>();
        if (!TryGetGiven(element, "days", out JsonElement d))
        {
            problems.Add($"{path}.days: required (\"weekdays\", \"weekends\", \"daily\", a weekday name, or an array of weekday names).");
        }
        else if (d.ValueKind == JsonValueKind.String)
        {
            ReadDays(d.GetString()!, path + ".days", days, problems);
        }
        else if (ReadArray(d, path + ".days", "\"weekdays\", \"weekends\", \"daily\", or an array of weekday names", problems) is { } items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (ReadText(items[i], $"{path}.days[{i}]", "a weekday name such as \"monday\"", problems) is { } text)
                {
                    ReadDays(text, $"{path}.days[{i}]", days, problems);
                }
            }
        }

        LocalTime? from = ReadTime(element, "from", path, problems);
        LocalTime? to = ReadTime(element, "to", path, problems);
        if (days.Distinct().Count() != days.Count)
        {
            problems.Add($"{path}.days: a day is given more than once.");
        }

        if (problems.Count == before)
        {
            sink.AddRange(days.Select(day => new WeeklyWindow(day, from!.Value, to!.Value)));
        }
    }

    private static void ReadDays(string text, string path, List<IsoDayOfWeek> days, List<string> problems)
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
                    problems.Add($"{path}: unknown day '{text}' (expected weekdays, weekends, daily or one of {string.Join(", ", CalendarAssembly.DayNames)}).");
                }

                break;
        }
    }

    private static LocalTime? ReadTime(JsonElement element, string name, string path, List<string> problems)
    {
        string at = $"{path}.{name}";
        if (!TryGetGiven(element, name, out JsonElement value))
        {
            problems.Add($"{at}: required (a local time such as \"09:00\").");
            return null;
        }

        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text == "24:00")
        {
            // A window closing at midnight closes at the start of the next day, which WeeklyWindow writes as 00:00.
            return LocalTime.Midnight;
        }

        if (text is not null && TimePattern.Parse(text) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        problems.Add($"{at}: {Describe(value)} is not a local time such as \"09:00\" (\"24:00\" for midnight at the end of the day).");
        return null;
    }

    private static void ReadOverride(JsonElement element, string path, OnCallScheduleBuilder? builder, List<string> problems)
    {
        if (!ExpectObject(element, path, "an override object with \"start\", \"end\" and \"onCall\"", problems))
        {
            return;
        }

        int before = problems.Count;
        CheckProperties(element, path, OverrideProperties, problems);
        Instant? start = ReadInstant(element, "start", path, problems);
        Instant? end = ReadInstant(element, "end", path, problems);
        UserId? onCall = ReadRequiredText(element, "onCall", path, "a user id", problems) is { } o ? ToUser(o, path + ".onCall", problems) : null;
        UserId? replacing = null;
        if (TryGetGiven(element, "replacing", out JsonElement r) && ReadText(r, path + ".replacing", "a user id or null", problems) is { } rText)
        {
            replacing = ToUser(rText, path + ".replacing", problems);
        }

        if (problems.Count == before && builder is not null)
        {
            builder.AddOverride(start!.Value, end!.Value, onCall!.Value, replacing);
        }
    }

    private static void ReadTemporary(JsonElement element, string path, OnCallScheduleBuilder? builder, List<string> problems)
    {
        if (!ExpectObject(element, path, "a temporary schedule object with \"start\", \"end\" and \"onCall\"", problems))
        {
            return;
        }

        int before = problems.Count;
        CheckProperties(element, path, TemporaryProperties, problems);
        Instant? start = ReadInstant(element, "start", path, problems);
        Instant? end = ReadInstant(element, "end", path, problems);
        var users = ReadUsers(element, "onCall", path, problems);
        if (problems.Count == before && builder is not null)
        {
            builder.AddTemporarySchedule(start!.Value, end!.Value, [.. users!]);
        }
    }

    private static List<UserId>? ReadUsers(JsonElement element, string name, string path, List<string> problems)
    {
        string at = $"{path}.{name}";
        if (!TryGetGiven(element, name, out JsonElement value))
        {
            problems.Add($"{at}: required (a non-empty array of user ids).");
            return null;
        }

        if (ReadArray(value, at, "a non-empty array of user ids", problems) is not { } items)
        {
            return null;
        }

        var users = new List<UserId>();
        for (int i = 0; i < items.Count; i++)
        {
            if (ReadText(items[i], $"{at}[{i}]", "a user id", problems) is { } text && ToUser(text, $"{at}[{i}]", problems) is { } user)
            {
                users.Add(user);
            }
        }

        return users;
    }

    private static UserId? ToUser(string text, string path, List<string> problems)
    {
        if (text.Length > 256)
        {
            problems.Add($"{path}: a user id has at most 256 characters.");
            return null;
        }

        return new UserId(text);
    }

    private static Instant? ReadInstant(JsonElement element, string name, string path, List<string> problems)
    {
        string at = $"{path}.{name}";
        if (!TryGetGiven(element, name, out JsonElement value))
        {
            problems.Add($"{at}: required (an instant such as \"2026-03-28T18:00:00Z\").");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            if (InstantPattern.ExtendedIso.Parse(value.GetString()!) is { Success: true } instant)
            {
                return instant.Value;
            }

            if (OffsetDateTimePattern.ExtendedIso.Parse(value.GetString()!) is { Success: true } offset)
            {
                return offset.Value.ToInstant();
            }
        }

        problems.Add($"{at}: {Describe(value)} is not an instant such as \"2026-03-28T18:00:00Z\" or \"2026-03-28T19:00:00+01:00\".");
        return null;
    }

    private static LocalDateTime? ReadLocalDateTime(JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            string text = value.GetString()!;
            if (MinutesPattern.Parse(text) is { Success: true } minutes)
            {
                return minutes.Value;
            }

            if (LocalDateTimePattern.ExtendedIso.Parse(text) is { Success: true } full)
            {
                return full.Value;
            }
        }

        problems.Add($"{path}: {Describe(value)} is not a local date-time such as \"2026-03-23T09:00\" (no offset: it is read in the schedule's time zone).");
        return null;
    }

    // "12h", "1d", "2w": a count and a unit; the units are local wall-clock ones (see RotationLength).
    private static RotationLength? ReadTurn(JsonElement value, string path, List<string> problems)
    {
        string? text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
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
                problems.Add($"{path}: '{text}' is too long; a turn lasts at most about ten years.");
                return null;
            }
        }

        problems.Add($"{path}: {Describe(value)} is not a turn length such as \"12h\", \"1d\" or \"1w\" (a positive whole number of hours, days or weeks).");
        return null;
    }

    private static T? Required<T>(string path, string expected, List<string> problems)
        where T : struct
    {
        problems.Add($"{path}: required ({expected}).");
        return null;
    }
}
