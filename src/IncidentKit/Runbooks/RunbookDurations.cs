using System.Globalization;
using NodaTime;

namespace IncidentKit.Runbooks;

/// <summary>Reads and writes the short durations runbooks use for a step's expected time: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>.</summary>
/// <remarks>A duration is one or more parts, each a whole number followed by <c>d</c>, <c>h</c>, <c>m</c> or <c>s</c>, in that order,
/// each unit at most once; ISO-8601 (<c>PT5M</c>) is accepted too. The value must be above zero and at most 7 days.</remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class RunbookDurations
{
    /// <summary>Reads a duration.</summary>
    /// <param name="text">The text, e.g. <c>1h30m</c>.</param>
    /// <param name="duration">The duration, when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a valid duration within the range.</returns>
    public static bool TryParse(string? text, out Duration duration)
    {
        duration = Duration.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith('p'))
        {
            var iso = NodaTime.Text.PeriodPattern.NormalizingIso.Parse(text.ToUpperInvariant());
            if (!iso.Success || iso.Value.HasDateComponent && (iso.Value.Years != 0 || iso.Value.Months != 0))
            {
                return false;
            }

            try
            {
                duration = iso.Value.ToDuration();
            }
            catch (ArithmeticException)
            {
                return false;
            }

            return duration > Duration.Zero && duration <= Runbook.MaxStepDuration;
        }

        const string units = "dhms";
        var lastUnit = -1;
        var total = 0L;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i - start > 7 || i >= text.Length)
            {
                return false;
            }

            var unit = units.IndexOf(char.ToLowerInvariant(text[i]), StringComparison.Ordinal);
            if (unit <= lastUnit)
            {
                return false;
            }

            var value = long.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            total += value * unit switch { 0 => 86_400, 1 => 3_600, 2 => 60, _ => 1 };
            lastUnit = unit;
            i++;
        }

        duration = Duration.FromSeconds(total);
        return duration > Duration.Zero && duration <= Runbook.MaxStepDuration;
    }

    /// <summary>Writes a duration in the short form, e.g. <c>1h30m</c>.</summary>
    /// <param name="duration">The duration, above zero.</param>
    /// <returns>The text.</returns>
    public static string Format(Duration duration)
    {
        var seconds = (long)duration.TotalSeconds;
        var parts = new List<string>();
        foreach (var (unit, size) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds >= size)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds / size}{unit}"));
                seconds %= size;
            }
        }

        return parts.Count == 0 ? "0s" : string.Concat(parts);
    }
}
