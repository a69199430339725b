using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using IncidentKit.Calendars;
using IncidentKit.Tests.Calendars;
using NodaTime;

namespace IncidentKit.Benchmarks.Calendars;

/// <summary>Due and elapsed on a split-hours London calendar with holidays, across a weekend and the spring-forward change.</summary>
[MemoryDiagnoser]
[Config(typeof(TrendConfig))]
public class BusinessCalendarBenchmarks
{
    // Ratios of 1e-5 print as 0.000; "54,000x faster" is what the goal is stated in.
    private sealed class TrendConfig : ManualConfig
    {
        public TrendConfig()
        {
            SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
            AddColumn(StatisticColumn.Median);
        }
    }

    internal const string SplitHoursLondon = """
        { "timeZone": "Europe/London",
          "weekly": { "monday": ["09:00-12:30", "13:30-17:30"], "tuesday": ["09:00-12:30", "13:30-17:30"], "wednesday": ["09:00-12:30", "13:30-17:30"],
                      "thursday": ["09:00-12:30", "13:30-17:30"], "friday": ["09:00-12:30", "13:30-17:30"] },
          "holidays": ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"] }
        """;

    private static readonly IReadOnlyList<Interval> NoPauses = [];
    private BusinessCalendar _calendar = null!;
    private NaiveCalendar _naive = null!;
    private Instant _start;
    private Instant _end;
    private Duration _target;
    private Interval[] _pauses = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calendar = BusinessCalendar.FromJson(SplitHoursLondon);
        _naive = NaiveCalendar.FromJson(SplitHoursLondon);

        // Friday 2026-03-27 15:00Z, before the clocks go forward on Sunday 29th; 12 business hours run into Tuesday.
        _start = Instant.FromUtc(2026, 3, 27, 15, 0);
        _target = Duration.FromHours(12);
        _end = Instant.FromUtc(2026, 3, 31, 10, 0);
        _pauses = [new Interval(Instant.FromUtc(2026, 3, 30, 8, 0), Instant.FromUtc(2026, 3, 30, 9, 30))];
        Validate();
    }

    // Refuse to time wrong answers: compare the fast calendar with the oracle on the timed inputs and a random sample.
    private void Validate()
    {
        var random = new Random(20260327);
        var samples = new List<(Instant Start, Duration Target)> { (_start, _target) };
        for (int i = 0; i < 40; i++)
        {
            samples.Add((Instant.FromUtc(2026, 3, 20, 0, 0) + Duration.FromMinutes(random.Next(0, 14 * 1440)), Duration.FromMinutes(random.Next(0, 16 * 60))));
        }

        foreach ((Instant start, Duration target) in samples)
        {
            Instant? fast = _calendar.AddBusinessTime(start, target);
            (bool exceeded, Instant? slow) = _naive.AddBusinessTime(start, target, NoPauses, 10 * 1440);
            if (exceeded || fast != slow)
            {
                throw new InvalidOperationException($"AddBusinessTime({start}, {target}) is {fast}; the oracle says {slow}.");
            }

            Instant end = start + Duration.FromMinutes(random.Next(0, 4 * 1440));
            if (_calendar.BusinessTimeBetween(start, end) != _naive.BusinessTimeBetween(start, end, NoPauses))
            {
                throw new InvalidOperationException($"BusinessTimeBetween({start}, {end}) disagrees with the oracle.");
            }
        }

        if (_calendar.AddBusinessTime(_start, _target, _pauses) != _naive.AddBusinessTime(_start, _target, _pauses, 10 * 1440).Due
            || _calendar.BusinessTimeBetween(_start, _end, _pauses) != _naive.BusinessTimeBetween(_start, _end, _pauses))
        {
            throw new InvalidOperationException("The calendar with pauses disagrees with the oracle.");
        }
    }

    [Benchmark(Baseline = true)]
    public Instant? NaiveAddBusinessTime() => _naive.AddBusinessTime(_start, _target, NoPauses, 10 * 1440).Due;

    [Benchmark]
    public Duration NaiveBusinessTimeBetween() => _naive.BusinessTimeBetween(_start, _end, NoPauses);

    [Benchmark]
    public Instant? AddBusinessTime() => _calendar.AddBusinessTime(_start, _target);

    [Benchmark]
    public Duration BusinessTimeBetween() => _calendar.BusinessTimeBetween(_start, _end);

    [Benchmark]
    public Instant? AddBusinessTimeWithPause() => _calendar.AddBusinessTime(_start, _target, _pauses);

    [Benchmark]
    public Duration BusinessTimeBetweenWithPause() => _calendar.BusinessTimeBetween(_start, _end, _pauses);
}
