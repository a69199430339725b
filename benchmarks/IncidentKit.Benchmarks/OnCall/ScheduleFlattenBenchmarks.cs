using BenchmarkDotNet.Attributes;
using IncidentKit;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Benchmarks.OnCall;

/// <summary>
/// Flattening 14 days of the same 3-layer New York schedule with overrides (what an escalation lint asks: "gaps in the
/// next 14 days?"). Baseline: flattening from first principles (what a cold cache pays once per 14-day block);
/// HasGapsNext14Days: the public query once its blocks are cached. No goal in the issue; figures for information.
/// </summary>
[MemoryDiagnoser]
public class ScheduleFlattenBenchmarks
{
    private OnCallSchedule _schedule = null!;
    private Instant _from;
    private Instant _to;

    [GlobalSetup]
    public void Setup()
    {
        var users = Enumerable.Range(0, 12).Select(i => new UserId($"user{i}")).ToArray();
        var builder = new OnCallScheduleBuilder(new ScheduleId("bench"), "America/New_York")
            .AddLayer("base", users[..5], new LocalDateTime(2025, 12, 29, 9, 0), RotationLength.Weeks(1))
            .AddLayer("business", users[5..9], new LocalDateTime(2025, 12, 29, 9, 0), RotationLength.Days(1),
                WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .AddLayer("weekend", users[9..12], new LocalDateTime(2025, 12, 27, 8, 0), RotationLength.Hours(12),
                [new WeeklyWindow(IsoDayOfWeek.Saturday, new LocalTime(8, 0), new LocalTime(20, 0)), new WeeklyWindow(IsoDayOfWeek.Sunday, new LocalTime(8, 0), new LocalTime(20, 0))]);
        var random = new Random(42);
        var yearStart = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (int i = 0; i < 60; i++)
        {
            var start = yearStart + Duration.FromMinutes(random.Next(0, 365 * 1440));
            builder.AddOverride(start, start + Duration.FromHours(random.Next(1, 72)), users[random.Next(users.Length)]);
        }

        _schedule = builder.Build();
        _from = Instant.FromUtc(2026, 3, 2, 15, 0);
        _to = _from + Duration.FromDays(14);
        var cached = _schedule.ShiftsBetween(_from, _to);
        var direct = _schedule.Flatten(_from, _to);
        if (!cached.SequenceEqual(direct, EqualityComparer<OnCallShift>.Create((a, b) => a.Interval == b.Interval && a.HasSameOnCall(b))))
        {
            throw new InvalidOperationException("Cached and direct flattening differ.");
        }
    }

    [Benchmark(Baseline = true)]
    public int FlattenFromFirstPrinciples() => _schedule.Flatten(_from, _to).Count;

    [Benchmark]
    public bool HasGapsNext14Days() => _schedule.HasGaps(_from, _to);
}
