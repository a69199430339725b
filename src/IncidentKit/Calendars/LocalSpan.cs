using System.Globalization;
using NodaTime;

namespace IncidentKit.Calendars;

/// <summary>A local half-open interval anchored on a date, in ticks since that date's 00:00.</summary>
/// <remarks>
/// <see cref="Start"/> is in [00:00, 24:00); <see cref="End"/> is after it and before 48:00 because an interval whose
/// end is earlier than its start runs overnight into the next date. "24:00" is an end of exactly one day.
/// </remarks>
internal readonly record struct LocalSpan(long Start, long End)
{
    private const long TicksPerDay = NodaConstants.TicksPerDay;

    /// <summary>Parses "HH:mm-HH:mm" (seconds optional); returns an error text or null.</summary>
    public static string? TryParse(string? text, out LocalSpan span)
    {
        span = default;
        if (text is null)
        {
            return "an interval must be a string such as \"09:00-17:00\", not null";
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || dash != text.LastIndexOf('-'))
        {
            return $"'{text}' is not an interval: expected \"HH:mm-HH:mm\" such as \"09:00-17:00\"";
        }

        long end = 0;
        string? error = TryParseTime(text[..dash].Trim(), allow24: false, out long start)
            ?? TryParseTime(text[(dash + 1)..].Trim(), allow24: true, out end);
        if (error is not null)
        {
            return $"'{text}' is invalid: {error}";
        }

        if (end == start)
        {
            return $"'{text}' is invalid: the end equals the start (an interval cannot be empty; use \"00:00-24:00\" for a whole day)";
        }

        span = new LocalSpan(start, end < start ? end + TicksPerDay : end);
        return null;
    }

    private static string? TryParseTime(string text, bool allow24, out long ticks)
    {
        ticks = 0;
        string[] parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || Array.Exists(parts, p => p.Length != 2 || !p.All(char.IsAsciiDigit)))
        {
            return $"'{text}' is not a time of day: expected HH:mm or HH:mm:ss";
        }

        int h = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int m = int.Parse(parts[1], CultureInfo.InvariantCulture);
        int s = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
        if (h == 24 && m == 0 && s == 0)
        {
            if (!allow24)
            {
                return "a start of 24:00 is not allowed (an interval starts before 24:00)";
            }

            ticks = TicksPerDay;
            return null;
        }

        if (h > 23)
        {
            return $"hour {h} in '{text}' is out of range (00-23, or 24:00 as an end)";
        }

        if (m > 59 || s > 59)
        {
            return $"'{text}' has minutes or seconds out of range (00-59)";
        }

        ticks = ((h * 60L + m) * 60 + s) * NodaConstants.TicksPerSecond;
        return null;
    }

    /// <summary>Returns the interval as the text it parses from.</summary>
    public string Format()
    {
        long end = End > TicksPerDay ? End - TicksPerDay : End;
        return FormatTime(Start) + "-" + (end == TicksPerDay ? "24:00" : FormatTime(end));
    }

    private static string FormatTime(long ticks)
    {
        long seconds = ticks / NodaConstants.TicksPerSecond;
        string hm = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}");
        return seconds % 60 == 0 ? hm : string.Create(CultureInfo.InvariantCulture, $"{hm}:{seconds % 60:00}");
    }
}
