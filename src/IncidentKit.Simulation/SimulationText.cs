using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Simulation;

// Formatting shared by every printed report: invariant culture, UTC instants to the second, spans as 1h05m, so the same run
// prints the same bytes on every machine.
internal static class SimulationText
{
    private static readonly InstantPattern InstantFormat = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");
    private static readonly LocalDateTimePattern LocalFormat = LocalDateTimePattern.CreateWithInvariantCulture("ddd HH':'mm");

    public static string At(Instant at) => InstantFormat.Format(at);

    public static string Local(Instant at, DateTimeZone zone) => LocalFormat.Format(at.InZone(zone).LocalDateTime);

    public static string Span(Duration d)
    {
        if (d < Duration.Zero)
        {
            return "-" + Span(-d);
        }

        var seconds = (long)Math.Round(d.TotalSeconds);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{h}h{m:00}m{(s > 0 ? s.ToString("00", CultureInfo.InvariantCulture) + "s" : "")}")
            : m > 0 ? string.Create(CultureInfo.InvariantCulture, $"{m}m{(s > 0 ? s.ToString("00", CultureInfo.InvariantCulture) + "s" : "")}")
            : string.Create(CultureInfo.InvariantCulture, $"{s}s");
    }

    public static string Minutes(Duration? d) => d is { } x ? (x.TotalMinutes).ToString("0.0", CultureInfo.InvariantCulture) + " min" : "-";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
