using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using IncidentKit.Calendars;
using IncidentKit.Tests.Calendars;
using NodaTime;

namespace IncidentKit.Benchmarks.Calendars;

/// <summary>Goal (issue 14, §6): due and elapsed on the split-hours London calendar with holidays, for random start instants
/// across a year and random targets from 1 minute to 40 hours, at most 50 ns median and 0 B each.</summary>
/// <remarks>
/// <para>Each invocation runs all <see cref="Inputs"/> queries (<c>OperationsPerInvoke</c>), so the figure is the time per query
/// with the random spread a real SLA fold sees: branches and cache lines differ from query to query. Starts are minute-aligned
/// instants anywhere in 2026; targets are 1 to 2 400 minutes (40 h, about five and a half working days); elapsed runs from the
/// start to an end 1 minute to 7 days later (weekends and bank holidays included).</para>
/// <para>Setup builds the 2026 and 2027 tables (a warm calendar, as in a running host) and checks every input against the
/// minute-stepping oracle, refusing to run on any disagreement.</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(MedianConfig))]
public class BusinessCalendarYearBenchmarks
{
    private const int Inputs = 512;

    private sealed class MedianConfig : ManualConfig
    {
        public MedianConfig() => AddColumn(StatisticColumn.Median);
    }

    private static readonly IReadOnlyList<Interval> NoPauses = [];
    private readonly Instant[] _starts = new Instant[Inputs];
    private readonly Duration[] _targets = new Duration[Inputs];
    private readonly Instant[] _ends = new Instant[Inputs];
    private BusinessCalendar _calendar = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calendar = BusinessCalendar.FromJson(BusinessCalendarBenchmarks.SplitHoursLondon);
        var random = new Random(20261207);
        Instant yearStart = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (int i = 0; i < Inputs; i++)
        {
            _starts[i] = yearStart + Duration.FromMinutes(random.Next(0, 365 * 1440));
            _targets[i] = Duration.FromMinutes(random.Next(1, 40 * 60 + 1));
            _ends[i] = _starts[i] + Duration.FromMinutes(random.Next(1, 7 * 1440 + 1));
        }

        Validate();
    }

    // Refuse to time wrong answers: every timed input agrees with the naive oracle.
    private void Validate()
    {
        var naive = NaiveCalendar.FromJson(BusinessCalendarBenchmarks.SplitHoursLondon);
        for (int i = 0; i < Inputs; i++)
        {
            Instant? fast = _calendar.AddBusinessTime(_starts[i], _targets[i]);
            (bool exceeded, Instant? slow) = naive.AddBusinessTime(_starts[i], _targets[i], NoPauses, 21 * 1440);
            if (exceeded || fast != slow)
            {
                throw new InvalidOperationException($"AddBusinessTime({_starts[i]}, {_targets[i]}) is {fast}; the oracle says {slow}.");
            }

            Duration elapsed = _calendar.BusinessTimeBetween(_starts[i], _ends[i]);
            Duration expected = naive.BusinessTimeBetween(_starts[i], _ends[i], NoPauses);
            if (elapsed != expected)
            {
                throw new InvalidOperationException($"BusinessTimeBetween({_starts[i]}, {_ends[i]}) is {elapsed}; the oracle says {expected}.");
            }
        }
    }

    /// <summary>Returns the due instant of each random start and target; the figure is per query.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Inputs)]
    public long Due()
    {
        long sum = 0;
        for (int i = 0; i < Inputs; i++)
        {
            sum += _calendar.AddBusinessTime(_starts[i], _targets[i])!.Value.ToUnixTimeTicks();
        }

        return sum;
    }

    /// <summary>Returns the business time between each random start and end; the figure is per query.</summary>
    [Benchmark(OperationsPerInvoke = Inputs)]
    public long Elapsed()
    {
        long sum = 0;
        for (int i = 0; i < Inputs; i++)
        {
            sum += _calendar.BusinessTimeBetween(_starts[i], _ends[i]).BclCompatibleTicks;
        }

        return sum;
    }
}
