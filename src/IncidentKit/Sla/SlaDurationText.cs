using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Sla;

/// <summary>Parses SLA durations: ISO-8601 ("PT4H", "PT1H30M") or short ("4h", "90m", "1h30m", "45s").</summary>
/// <remarks>SLA targets are business time, where a day is not 24 hours, so days and weeks are refused unless
/// <c>allowDays</c> says the duration is elapsed time (escalation delays), where a day is 24 hours and a week 7 days.</remarks>
internal static class SlaDurationText
{
    public static bool TryParse(string text, out Duration duration, out string problem, bool allowDays = false)
    {
        duration = Duration.Zero;
        problem = string.Empty;
        string t = text.Trim();
        if (t.Length == 0)
        {
            problem = "is empty";
            return false;
        }

        if (t[0] is 'P' or 'p')
        {
            var result = PeriodPattern.NormalizingIso.Parse(t.ToUpperInvariant());
            if (!result.Success)
            {
                problem = $"'{Shorten(text)}' is not an ISO-8601 duration such as \"PT4H\"";
                return false;
            }

            var period = result.Value;
            if (allowDays && period.Years == 0 && period.Months == 0)
            {
                return Bounded(text, period, out duration, out problem);
            }

            if (period.Years != 0 || period.Months != 0 || period.Weeks != 0 || period.Days != 0)
            {
                problem = $"'{Shorten(text)}' uses days, weeks, months or years; give business hours and minutes (a business day is not 24 hours)";
                return false;
            }

            return Bounded(text, period, out duration, out problem);
        }

        long ticks = 0;
        int i = 0;
        bool any = false;
        while (i < t.Length)
        {
            int startDigits = i;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
            {
                i++;
            }

            if (i == startDigits || i == t.Length
                || !long.TryParse(t.AsSpan(startDigits, i - startDigits), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                problem = $"'{Shorten(text)}' is not a duration such as \"4h\", \"90m\", \"1h30m\" or \"PT4H\"";
                return false;
            }

            long unit = char.ToLowerInvariant(t[i]) switch
            {
                'h' => NodaConstants.TicksPerHour,
                'm' => NodaConstants.TicksPerMinute,
                's' => NodaConstants.TicksPerSecond,
                'd' when allowDays => NodaConstants.TicksPerDay,
                'w' when allowDays => NodaConstants.TicksPerWeek,
                _ => 0,
            };
            if (unit == 0)
            {
                problem = char.ToLowerInvariant(t[i]) is 'd' or 'w'
                    ? $"'{text}' uses days or weeks; give business hours and minutes (a business day is not 24 hours)"
                    : $"'{text}' has unit '{t[i]}'; use {(allowDays ? "w, d, h, m or s" : "h, m or s")}";
                return false;
            }

            if (value > 100_000_000 / (unit / NodaConstants.TicksPerSecond))
            {
                problem = $"'{Shorten(text)}' is too long; a duration is at most {MaxSeconds} seconds (about 3 years)";
                return false;
            }

            // Each part is bounded above, but a long text of parts could still add up past any bound (and once wrapped round).
            ticks += value * unit;
            if (ticks > MaxTicks)
            {
                problem = $"'{Shorten(text)}' is too long; a duration is at most {MaxSeconds} seconds (about 3 years)";
                return false;
            }

            any = true;
            i++;
        }

        duration = Duration.FromTicks(ticks);
        return any;
    }

    // The bound the short form has always had per part (about 3 years) applies to the whole duration, in either form.
    private const long MaxSeconds = 100_000_000;
    private const long MaxTicks = MaxSeconds * NodaConstants.TicksPerSecond;

    private static bool Bounded(string text, Period period, out Duration duration, out string problem)
    {
        duration = Duration.Zero;
        problem = string.Empty;
        try
        {
            duration = period.ToDuration();
        }
        catch (OverflowException)
        {
            duration = Duration.MaxValue;
        }

        if (duration > Duration.FromTicks(MaxTicks))
        {
            problem = $"'{Shorten(text)}' is too long; a duration is at most {MaxSeconds} seconds (about 3 years)";
            duration = Duration.Zero;
            return false;
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
