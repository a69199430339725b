using BenchmarkDotNet.Attributes;
using IncidentKit.Calendars;

namespace IncidentKit.Benchmarks.Calendars;

/// <summary>Building the per-year interval tables of the split-hours London calendar for ten years.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class BusinessCalendarTableBenchmarks
{
    private BusinessCalendar _calendar = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calendar = BusinessCalendar.FromJson(BusinessCalendarBenchmarks.SplitHoursLondon);

        // Two working days of 7.5 h on 2026-06-15/16 prove the tables are the calendar's, not empty ones.
        if (_calendar.BusinessTimeBetween(NodaTime.Instant.FromUtc(2026, 6, 15, 0, 0), NodaTime.Instant.FromUtc(2026, 6, 17, 0, 0)) != NodaTime.Duration.FromHours(15))
        {
            throw new InvalidOperationException("The calendar does not count 7.5 h a working day.");
        }
    }

    [Benchmark(Baseline = true)]
    public long BuildTenYears()
    {
        long total = 0;
        for (int year = 2026; year < 2036; year++)
        {
            total += _calendar.BuildYear(year).Total;
        }

        return total;
    }

    [Benchmark]
    public long BuildOneYear() => _calendar.BuildYear(2026).Total;
}
