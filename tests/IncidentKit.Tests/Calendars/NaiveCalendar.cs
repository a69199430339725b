using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace IncidentKit.Tests.Calendars;

/// <summary>A deliberately naive business calendar: the test oracle. It shares no code with IncidentKit.Calendars.</summary>
/// <remarks>
/// It reads the same JSON with its own few lines, decides for one instant at a time whether it is business time by
/// mapping every candidate boundary afresh (through <see cref="DateTimeZone.MapLocal"/>, not a resolver), and
/// steps minute by minute. Inputs must be minute-aligned, which makes minute stepping exact: every boundary is a
/// whole minute in the zones tested.
/// </remarks>
internal sealed class NaiveCalendar
{
    private static readonly Duration Minute = Duration.FromMinutes(1);
    private readonly List<(Instant? From, Rules Rules)> _versions = [];

    private sealed class Rules
    {
        public required DateTimeZone Zone { get; init; }

        public Dictionary<IsoDayOfWeek, List<(int Start, int End)>> Weekly { get; } = [];

        public HashSet<LocalDate> Holidays { get; } = [];

        public Dictionary<LocalDate, List<(int Start, int End)>> Exceptions { get; } = [];
    }

    public static NaiveCalendar FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var calendar = new NaiveCalendar();
        JsonElement root = document.RootElement;
        if (root.TryGetProperty("versions", out JsonElement versions))
        {
            foreach (JsonElement version in versions.EnumerateArray())
            {
                JsonElement from = version.GetProperty("effectiveFrom");
                Instant? start = from.ValueKind == JsonValueKind.Null ? null : InstantPattern.ExtendedIso.Parse(from.GetString()!).Value;
                calendar._versions.Add((start, ReadRules(version.GetProperty("calendar"))));
            }
        }
        else
        {
            calendar._versions.Add((null, ReadRules(root)));
        }

        return calendar;
    }

    private static Rules ReadRules(JsonElement element)
    {
        var rules = new Rules { Zone = DateTimeZoneProviders.Tzdb[element.GetProperty("timeZone").GetString()!] };
        if (element.TryGetProperty("weekly", out JsonElement weekly))
        {
            foreach (JsonProperty day in weekly.EnumerateObject())
            {
                var weekday = Enum.Parse<IsoDayOfWeek>(day.Name, ignoreCase: true);
                rules.Weekly[weekday] = [.. day.Value.EnumerateArray().Select(i => ReadInterval(i.GetString()!))];
            }
        }

        if (element.TryGetProperty("holidays", out JsonElement holidays))
        {
            foreach (JsonElement h in holidays.EnumerateArray())
            {
                rules.Holidays.Add(LocalDatePattern.Iso.Parse(h.GetString()!).Value);
            }
        }

        if (element.TryGetProperty("exceptions", out JsonElement exceptions))
        {
            foreach (JsonProperty e in exceptions.EnumerateObject())
            {
                rules.Exceptions[LocalDatePattern.Iso.Parse(e.Name).Value] = [.. e.Value.EnumerateArray().Select(i => ReadInterval(i.GetString()!))];
            }
        }

        return rules;
    }

    // Minutes since the anchor date's midnight; an end at or before the start is on the next date.
    private static (int Start, int End) ReadInterval(string text)
    {
        string[] parts = text.Split('-');
        int start = ReadMinutes(parts[0]), end = ReadMinutes(parts[1]);
        return (start, end <= start ? end + 1440 : end);
    }

    private static int ReadMinutes(string text) =>
        int.Parse(text[..2], CultureInfo.InvariantCulture) * 60 + int.Parse(text[3..5], CultureInfo.InvariantCulture);

    /// <summary>Returns the first instant at which the zone's clock reads at least minutes past midnight of date.</summary>
    private static Instant Boundary(DateTimeZone zone, LocalDate date, int minutes)
    {
        LocalDateTime wall = date.AtMidnight().PlusMinutes(minutes);
        ZoneLocalMapping mapping = zone.MapLocal(wall);
        return mapping.Count switch
        {
            0 => mapping.LateInterval.Start,          // skipped: the clock jumps past it at the transition
            _ => mapping.First().ToInstant(),          // unique, or the earlier of two
        };
    }

    public bool IsBusiness(Instant t)
    {
        Rules? rules = null;
        foreach ((Instant? from, Rules r) in _versions)
        {
            if (from is null || from <= t)
            {
                rules = r;
            }
        }

        if (rules is null)
        {
            return false;
        }

        LocalDate local = t.InZone(rules.Zone).Date;
        for (int k = -1; k <= 1; k++)
        {
            LocalDate h = local.PlusDays(k);
            if (rules.Holidays.Contains(h) && Boundary(rules.Zone, h, 0) <= t && t < Boundary(rules.Zone, h, 1440))
            {
                return false;
            }
        }

        for (int k = -2; k <= 1; k++)
        {
            LocalDate d = local.PlusDays(k);
            if (!rules.Exceptions.TryGetValue(d, out List<(int Start, int End)>? intervals)
                && !rules.Weekly.TryGetValue(d.DayOfWeek, out intervals))
            {
                continue;
            }

            foreach ((int start, int end) in intervals)
            {
                if (Boundary(rules.Zone, d, start) <= t && t < Boundary(rules.Zone, d, end))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsPaused(Instant t, IReadOnlyList<Interval> pauses) =>
        pauses.Any(p => (!p.HasStart || p.Start <= t) && (!p.HasEnd || t < p.End));

    /// <summary>Steps minute by minute; Exceeded when the target is not met within maxMinutes.</summary>
    public (bool Exceeded, Instant? Due) AddBusinessTime(Instant start, Duration duration, IReadOnlyList<Interval> pauses, int maxMinutes)
    {
        if (duration == Duration.Zero)
        {
            return (false, start);
        }

        long needed = (long)duration.TotalMinutes;
        long counted = 0;
        Instant t = start;
        for (int i = 0; i < maxMinutes; i++)
        {
            if (pauses.Any(p => !p.HasEnd && (!p.HasStart || p.Start <= t)))
            {
                return (false, null);
            }

            if (IsBusiness(t) && !IsPaused(t, pauses))
            {
                counted++;
            }

            t += Minute;
            if (counted == needed)
            {
                return (false, t);
            }
        }

        return (true, null);
    }

    public Duration BusinessTimeBetween(Instant from, Instant to, IReadOnlyList<Interval> pauses)
    {
        long minutes = 0;
        for (Instant t = from; t < to; t += Minute)
        {
            if (IsBusiness(t) && !IsPaused(t, pauses))
            {
                minutes++;
            }
        }

        return Duration.FromMinutes(minutes);
    }
}
