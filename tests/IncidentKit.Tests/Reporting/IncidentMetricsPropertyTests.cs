using CsCheck;
using IncidentKit.Reporting;
using NodaTime;
using static IncidentKit.Tests.Reporting.ReportStory;

namespace IncidentKit.Tests.Reporting;

public sealed class IncidentMetricsPropertyTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 0, 0);
    private static readonly Interval Period = new(Start, Start + Duration.FromDays(7));

    // One incident: opened at a minute around the period (some before, some after), maybe acknowledged and resolved later.
    private static readonly Gen<(int OpenMinute, int? AckAfter, int? ResolveAfter, bool Exercise)> GenIncident =
        Gen.Select(Gen.Int[-3 * 1440, 10 * 1440], Gen.Int[-100, 600].Select(i => i < 0 ? (int?)null : i), Gen.Int[-1000, 5000].Select(i => i < 0 ? (int?)null : i), Gen.Int[0, 9].Select(i => i == 0));

    [Fact]
    public void ToReport_RandomIncidents_AgreeWithNaiveOracle()
    {
        GenIncident.Array[0, 60].Sample(incidents =>
        {
            var accumulator = new IncidentMetricsAccumulator(new IncidentMetricsOptions { Tenant = Tenant, Period = Period });
            foreach (var (open, ack, resolve, exercise) in incidents)
            {
                var opened = Start + Duration.FromMinutes(open);
                var story = Open(opened, exercise: exercise);
                if (ack is { } a)
                {
                    story.Ack(opened + Duration.FromMinutes(a));
                }

                if (resolve is { } r)
                {
                    story.Resolve(opened + Duration.FromMinutes((ack ?? 0) + r));
                }

                accumulator.Add(story.History);
            }

            var report = accumulator.ToReport();

            static bool Inside(long minute) => minute >= 0 && minute < 7 * 1440;
            var cohort = incidents.Where(i => !i.Exercise && Inside(i.OpenMinute)).ToArray();
            Assert.Equal(cohort.Length, report.Opened);
            AssertStatistics(cohort.Where(i => i.AckAfter.HasValue).Select(i => (long)i.AckAfter!.Value).ToList(), report.TimeToAcknowledge);
            AssertStatistics(cohort.Where(i => i.ResolveAfter.HasValue).Select(i => (long)(i.AckAfter ?? 0) + i.ResolveAfter!.Value).ToList(), report.TimeToResolve);
            Assert.Equal(report.TimeToResolve, report.BusinessTimeToResolve);
            Assert.Equal(
                incidents.Count(i => !i.Exercise && i.ResolveAfter.HasValue && Inside(i.OpenMinute + (i.AckAfter ?? 0) + i.ResolveAfter.Value)),
                report.Resolved);
            Assert.Equal(cohort.Length, report.Trend.Sum(p => p.Opened));
        }, iter: 300);
    }

    // Pages at random instants (1969 to 2031, so across many DST changes and before the Unix epoch), to people in the report's
    // zone, in New York and in Kolkata (a half-hour offset), on random working hours: the on-call load and the heat map agree
    // with the definitions read off InZone(zone).LocalDateTime and WorkingHours.Classify.
    [Fact]
    public void ToReport_RandomPages_ClassifyAsInZoneLocalTime()
    {
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        UserId[] people = [Alice, Bob, new("carol")];
        var zones = new Dictionary<UserId, DateTimeZone> { [Bob] = DateTimeZoneProviders.Tzdb["America/New_York"], [people[2]] = DateTimeZoneProviders.Tzdb["Asia/Kolkata"] };
        var first = Instant.FromUtc(1969, 1, 1, 0, 0);
        var last = Instant.FromUtc(2031, 1, 1, 0, 0);
        var genPage = Gen.Select(Gen.Long[0, (last - first).ToInt64Nanoseconds() / 1000], Gen.Int[0, 2]).Select(p => (Microseconds: p.Item1, Person: p.Item2));
        var genHours = Gen.Select(Gen.Int[0, 23], Gen.Int[1, 10], Gen.Int[0, 23], Gen.Int[0, 23], Gen.Int[0, 127]);
        Gen.Select(genPage.Array[1, 40], genHours).Sample((pages, hours) =>
        {
            var (businessStart, businessLength, sleepStart, sleepEnd, dayMask) = hours;
            var workingHours = new WorkingHours
            {
                BusinessStart = new LocalTime(businessStart, 0),
                BusinessEnd = new LocalTime(Math.Min(businessStart + businessLength, 23), businessStart + businessLength > 23 ? 59 : 0),
                SleepStart = new LocalTime(sleepStart, 15),
                SleepEnd = new LocalTime(sleepEnd, 45),
                BusinessDays = [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None && (dayMask & (1 << ((int)d - 1))) != 0)],
            };
            var options = new IncidentMetricsOptions { Tenant = Tenant, Period = new Interval(first, last), Zone = london, PersonZones = zones, Hours = workingHours };
            var story = Open(first);
            foreach (var (microseconds, person) in pages)
            {
                story.Page(first + Duration.FromNanoseconds(microseconds * 1000), 1, people[person]);
            }

            var accumulator = new IncidentMetricsAccumulator(options);
            accumulator.Add(story.History);
            var report = accumulator.ToReport();

            foreach (var person in people)
            {
                var local = pages.Where(p => people[p.Person] == person)
                    .Select(p => first + Duration.FromNanoseconds(p.Microseconds * 1000))
                    .Select(at => workingHours.Classify(at.InZone(zones.GetValueOrDefault(person, london)).LocalDateTime))
                    .ToList();
                var load = report.OnCallLoad.SingleOrDefault(l => l.Person == person);
                Assert.Equal(
                    (local.Count, local.Count(h => h == PageHours.Business), local.Count(h => h == PageHours.Off), local.Count(h => h == PageHours.Sleep)),
                    load is null ? (0, 0, 0, 0) : (load.Pages, load.BusinessHours, load.OffHours, load.SleepHours));
            }

            var heat = new int[7 * 24];
            foreach (var (microseconds, _) in pages)
            {
                var local = (first + Duration.FromNanoseconds(microseconds * 1000)).InZone(london).LocalDateTime;
                heat[(((int)local.DayOfWeek - 1) * 24) + local.Hour]++;
            }

            Assert.Equal(heat, report.PageHeatMap);
        }, iter: 300);
    }

    // The oracle: sort, then read the definitions off the sorted list (decimal arithmetic, no shared code with the engine).
    private static void AssertStatistics(List<long> minutes, DurationStatistics actual)
    {
        Assert.Equal(minutes.Count, actual.Count);
        if (minutes.Count == 0)
        {
            Assert.Null(actual.Mean);
            return;
        }

        var sorted = minutes.Order().ToList();
        var n = sorted.Count;
        // The mean in whole ticks, rounded toward zero: dividing the exact tick sum keeps decimal's 28 digits from rounding
        // a mean such as 1248.333… minutes to one tick under its true value.
        decimal meanTicks = Math.Floor(sorted.Sum() * (decimal)NodaConstants.TicksPerMinute / n);
        decimal median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2m;
        long Rank(decimal p) => sorted[(int)Math.Ceiling(p * n) - 1];

        Assert.Equal(Duration.FromTicks((long)meanTicks), actual.Mean);
        Assert.Equal(Duration.FromTicks((long)(median * NodaConstants.TicksPerMinute)), actual.Median);
        Assert.Equal(Duration.FromMinutes(Rank(0.90m)), actual.P90);
        Assert.Equal(Duration.FromMinutes(Rank(0.99m)), actual.P99);
    }
}
