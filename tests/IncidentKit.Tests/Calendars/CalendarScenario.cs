using System.Globalization;
using System.Text;
using CsCheck;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Tests.Calendars;

/// <summary>Random calendars, starts, targets and pauses around DST transitions, as JSON both implementations read.</summary>
internal sealed record CalendarScenario(string Json, Instant Start, Duration Target, Instant End, Interval[] Pauses)
{
    public static readonly string[] Zones =
        ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "America/Havana"];

    private static readonly Instant[][] Transitions = [.. Zones.Select(id => DateTimeZoneProviders.Tzdb[id]
        .GetZoneIntervals(Instant.FromUtc(2025, 6, 1, 0, 0), Instant.FromUtc(2027, 6, 1, 0, 0))
        .Where(i => i.HasStart).Select(i => i.Start)
        .Append(Instant.FromUtc(2026, 1, 1, 0, 0)).Append(Instant.FromUtc(2027, 1, 1, 0, 0)).ToArray())];

    // An interval on a 15-minute grid (so DST transitions at 00:00, 02:00, 02:30 and 02:45 are hit), overnight
    // when it passes midnight, "24:00" when it ends exactly there, sometimes the whole day.
    private static readonly Gen<string> Interval = Gen.Frequency(
        (9, Gen.Select(Gen.Int[0, 95], Gen.Int[1, 95], (s, len) =>
        {
            int end = (s + len) * 15;
            return $"{Time(s * 15)}-{(end == 1440 ? "24:00" : Time(end % 1440))}";
        })),
        (1, Gen.Const("00:00-24:00")));

    private sealed record RulesSpec(int Zone, string[][] Weekly, int[] Holidays, (int Day, string[] Hours)[] Exceptions);

    private static readonly Gen<RulesSpec> Rules = Gen.Select(
        Gen.Int[0, Zones.Length - 1],
        Interval.Array[0, 2].Array[7],
        Gen.Int[-3, 3].Array[0, 2],
        Gen.Select(Gen.Int[-3, 3], Interval.Array[0, 2]).Array[0, 2],
        (zone, weekly, holidays, exceptions) => new RulesSpec(zone, weekly, holidays, exceptions));

    private static readonly Gen<(int Start, int Length, bool Open)[]> PauseSpecs =
        Gen.Select(Gen.Int[-600, 3000], Gen.Int[1, 900], Gen.Int[0, 9], (s, l, o) => (s, l, o == 0)).Array[0, 3];

    /// <summary>Generates scenarios whose start lies within two days of a DST transition of the first version's zone, or of a UTC new year (where tables split).</summary>
    public static Gen<CalendarScenario> Generate(int maxTargetMinutes, int maxSpanMinutes) => Gen.Select(
        Rules, Rules, Gen.Int[0, 3], Gen.Int[-2880, 2880], Gen.Int[0, 1000], Gen.Int[-2880, 2880],
        Gen.Select(Gen.Int[0, maxTargetMinutes], Gen.Int[0, maxSpanMinutes]), PauseSpecs,
        (first, second, versions, versionOffset, transition, startOffset, targetAndSpan, pauses) =>
        {
            // Target and span travel as one pair: CsCheck 4 (the net8.0 build's) selects over at most eight generators.
            var (target, span) = targetAndSpan;
            Instant[] candidates = Transitions[first.Zone];
            Instant anchor = candidates[transition % candidates.Length];
            Instant start = anchor + Duration.FromMinutes(startOffset);
            Instant effective = start + Duration.FromMinutes(versionOffset);
            string json = versions switch
            {
                0 => Write(first, anchor),
                _ => $$"""{ "versions": [ { "effectiveFrom": null, "calendar": {{Write(first, anchor)}} }, { "effectiveFrom": "{{InstantPattern.ExtendedIso.Format(effective)}}", "calendar": {{Write(second, anchor)}} } ] }""",
            };
            Interval[] pauseIntervals = [.. pauses.Select(p => p.Open
                ? new Interval(start + Duration.FromMinutes(p.Start), null)
                : new Interval(start + Duration.FromMinutes(p.Start), start + Duration.FromMinutes(p.Start + p.Length)))];
            return new CalendarScenario(json, start, Duration.FromMinutes(target), start + Duration.FromMinutes(span), pauseIntervals);
        });

    private static string Write(RulesSpec rules, Instant anchor)
    {
        DateTimeZone zone = DateTimeZoneProviders.Tzdb[Zones[rules.Zone]];
        LocalDate day = anchor.InZone(zone).Date;
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""{ "timeZone": "{{zone.Id}}", "weekly": { """);
        json.AppendJoin(", ", Enumerable.Range(0, 7).Where(d => rules.Weekly[d].Length > 0)
            .Select(d => $"\"{(IsoDayOfWeek)(d + 1)}\": {List(rules.Weekly[d])}"));
        json.Append(" }, \"holidays\": [");
        json.AppendJoin(", ", rules.Holidays.Select(h => $"\"{Date(day.PlusDays(h))}\""));
        json.Append("], \"exceptions\": { ");
        json.AppendJoin(", ", rules.Exceptions.DistinctBy(e => e.Day).Select(e => $"\"{Date(day.PlusDays(e.Day))}\": {List(e.Hours)}"));
        json.Append(" } }");
        return json.ToString();
    }

    private static string List(string[] intervals) => "[" + string.Join(", ", intervals.Select(i => $"\"{i}\"")) + "]";

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Time(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    public override string ToString() =>
        $"{Json} start={Start} target={Target} end={End} pauses=[{string.Join(", ", Pauses.Select(p => p.ToString()))}]";
}
