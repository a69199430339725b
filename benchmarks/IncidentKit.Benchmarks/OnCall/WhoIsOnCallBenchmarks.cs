using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using IncidentKit;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Benchmarks.OnCall;

/// <summary>
/// Who is on call for a 3-layer New York schedule with 60 overrides, at 1 024 random instants spread over 2026 (both
/// DST transitions included). Goal: at most 1 µs per answer after warm-up. Baseline: evaluating every layer,
/// temporary schedule and override directly; LinearScan: the year's flattened shifts searched from the start.
/// </summary>
[MemoryDiagnoser]
public class WhoIsOnCallBenchmarks
{
    private const int Count = 1024;
    private OnCallSchedule _schedule = null!;
    private Instant[] _instants = null!;
    private OnCallShift[] _flat = null!;

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
            var onCall = users[random.Next(users.Length)];
            var replacing = users[random.Next(users.Length)];
            builder.AddOverride(start, start + Duration.FromHours(random.Next(1, 72)), onCall, i % 2 == 0 || replacing == onCall ? null : replacing);
        }

        _schedule = builder.Build();
        _instants = [.. Enumerable.Range(0, Count).Select(_ => yearStart + Duration.FromSeconds(random.NextInt64(0, 365L * 86400)))];
        _flat = [.. _schedule.ShiftsBetween(yearStart, yearStart + Duration.FromDays(366))];

        foreach (var t in _instants)
        {
            var direct = _schedule.Evaluate(t).Users;
            if (!direct.SequenceEqual(_schedule.WhoIsOnCall(t)) || !direct.SequenceEqual(Scan(t)))
            {
                throw new InvalidOperationException($"Answers differ at {t}: direct [{string.Join(",", direct)}], cached [{string.Join(",", _schedule.WhoIsOnCall(t))}], scan [{string.Join(",", Scan(t))}].");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int DirectEvaluation()
    {
        int n = 0;
        foreach (var t in _instants)
        {
            n += _schedule.Evaluate(t).Users.Length;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int LinearScan()
    {
        int n = 0;
        foreach (var t in _instants)
        {
            n += Scan(t).Length;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int WhoIsOnCall()
    {
        int n = 0;
        foreach (var t in _instants)
        {
            n += _schedule.WhoIsOnCall(t).Length;
        }

        return n;
    }

    private ImmutableArray<UserId> Scan(Instant t)
    {
        foreach (var s in _flat)
        {
            if (s.Interval.Contains(t))
            {
                return s.Users;
            }
        }

        return [];
    }
}
