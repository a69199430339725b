using NodaTime;

namespace IncidentKit.Calendars;

/// <summary>Validation and assembly shared by <see cref="BusinessCalendarBuilder"/> and the JSON reader.</summary>
internal static class CalendarAssembly
{
    internal static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static IsoDayOfWeek? ParseDay(string name)
    {
        int i = Array.FindIndex(DayNames, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? null : (IsoDayOfWeek)(i + 1);
    }

    public static string DayName(IsoDayOfWeek day) => DayNames[(int)day - 1];

    /// <summary>Parses interval texts; each problem is reported as "location[index]: why".</summary>
    public static LocalSpan[] ParseSpans(IReadOnlyList<string?> items, string location, List<string> problems)
    {
        var spans = new LocalSpan[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            if (LocalSpan.TryParse(items[i], out spans[i]) is { } error)
            {
                problems.Add($"{location}[{i}]: {error}.");
            }
        }

        return spans;
    }

    /// <summary>Flattens effective-dated calendars (starts strictly increasing; the first may be long.MinValue) into one calendar.</summary>
    /// <remarks>Calendar i is in force in [start i, start i+1); its own versions are clipped to that range and a period before its first version stays closed.</remarks>
    public static BusinessCalendar Combine(IReadOnlyList<(long Start, BusinessCalendar Calendar)> parts)
    {
        var starts = new List<long>();
        var rules = new List<CalendarRules?>();
        for (int i = 0; i < parts.Count; i++)
        {
            long lo = parts[i].Start;
            long hi = i + 1 < parts.Count ? parts[i + 1].Start : long.MaxValue;
            BusinessCalendar calendar = parts[i].Calendar;
            if (calendar.VersionCount == 0 || calendar.VersionStart(0) > lo)
            {
                starts.Add(lo);
                rules.Add(null);
            }

            for (int v = 0; v < calendar.VersionCount; v++)
            {
                long vs = Math.Max(lo, calendar.VersionStart(v));
                long ve = Math.Min(hi, v + 1 < calendar.VersionCount ? calendar.VersionStart(v + 1) : long.MaxValue);
                if (vs < ve)
                {
                    starts.Add(vs);
                    rules.Add(calendar.VersionRules(v));
                }
            }
        }

        return new BusinessCalendar([.. starts], [.. rules]);
    }

    public static BusinessCalendar Single(CalendarRules rules) => new([long.MinValue], [rules]);
}
