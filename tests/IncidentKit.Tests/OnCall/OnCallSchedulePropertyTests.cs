using CsCheck;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Tests.OnCall;

/// <summary>Random schedules around daylight saving transitions, checked minute by minute against <see cref="NaiveScheduleOracle"/>.</summary>
public class OnCallSchedulePropertyTests
{
    private static readonly UserId[] Pool = [.. Enumerable.Range(0, 6).Select(i => new UserId($"u{i}"))];

    // Each base date puts a transition of its zone inside the 21-day window.
    private static readonly (string Zone, LocalDate Base)[] Bases =
    [
        ("Europe/London", new LocalDate(2026, 3, 20)),
        ("Europe/London", new LocalDate(2026, 10, 15)),
        ("America/New_York", new LocalDate(2026, 2, 28)),
        ("America/New_York", new LocalDate(2026, 10, 25)),
        ("Australia/Lord_Howe", new LocalDate(2026, 3, 28)),
        ("Australia/Lord_Howe", new LocalDate(2026, 9, 26)),
    ];

    private static readonly Gen<WeeklyWindow> GenWindow =
        Gen.Select(Gen.Int[1, 7], Gen.Int[0, 47], Gen.Int[0, 47],
            (d, s, e) => new WeeklyWindow((IsoDayOfWeek)d, LocalTime.Midnight.PlusMinutes(s * 30), LocalTime.Midnight.PlusMinutes(e * 30)));

    private static readonly Gen<LayerSpec> GenLayer =
        Gen.Select(
            Gen.Select(Gen.Int[1, 4], Gen.Int[0, 5], Gen.Int[-20, 10], Gen.Int[0, 95]),
            Gen.Select(Gen.Int[0, 2], Gen.Int[1, 36]),
            GenWindow.Array[0, 3],
            Gen.Int[-1, 25],
            (a, b, windows, end) => new LayerSpec(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, windows, end));

    private static readonly Gen<OverrideSpec> GenOverride =
        Gen.Select(Gen.Int[0, (21 * 96) - 1], Gen.Int[1, 288], Gen.Int[-1, 5], Gen.Int[0, 5], (s, l, r, u) => new OverrideSpec(s, l, r, u));

    private static readonly Gen<TemporarySpec> GenTemporary =
        Gen.Select(Gen.Int[0, (21 * 96) - 1], Gen.Int[4, 400], Gen.Int[1, 99], Gen.Int[0, 2], (s, l, split, shape) => new TemporarySpec(s, l, split, shape));

    private static readonly Gen<ScheduleSpec> GenSchedule =
        Gen.Select(Gen.Int[0, Bases.Length - 1], Gen.Int[0, 7], GenLayer.Array[1, 3], GenOverride.Array[0, 3], GenTemporary.Array[0, 1],
            (b, j, layers, overrides, temps) => new ScheduleSpec(b, j, layers, overrides, temps));

    [Fact]
    public void ShiftsBetween_RandomSchedulesAroundDst_AgreeMinuteByMinuteWithNaiveOracleAndWhoIsOnCall()
    {
        GenSchedule.Sample(spec =>
        {
            var (schedule, from, to) = spec.Build();
            var oracle = new NaiveScheduleOracle(schedule, from, to);
            var shifts = schedule.ShiftsBetween(from, to);

            // Sorted, inside the window, non-empty, never overlapping, and merged when adjacent and identical.
            for (int i = 0; i < shifts.Count; i++)
            {
                var s = shifts[i];
                Assert.True(from <= s.Interval.Start && s.Interval.Start < s.Interval.End && s.Interval.End <= to, $"shift {i} {s.Interval} outside window");
                Assert.False(s.Users.IsDefaultOrEmpty);
                if (i > 0)
                {
                    var p = shifts[i - 1];
                    Assert.True(p.Interval.End <= s.Interval.Start, $"shifts {i - 1} and {i} overlap or are unsorted");
                    Assert.False(p.Interval.End == s.Interval.Start && p.HasSameOnCall(s), $"shifts {i - 1} and {i} should be merged");
                }
            }

            // Every boundary lies on a whole minute, so checking the first and a random later tick of every minute
            // proves that the shifts cover exactly the oracle's on-call instants, with the same users.
            var random = new Random(spec.GetHashCode());
            int cursor = 0;
            for (var m = from; m < to; m += Duration.FromMinutes(1))
            {
                var inside = m + Duration.FromTicks(random.NextInt64(1, NodaConstants.TicksPerMinute));
                foreach (var t in (ReadOnlySpan<Instant>)[m, inside])
                {
                    while (cursor < shifts.Count && shifts[cursor].Interval.End <= t)
                    {
                        cursor++;
                    }

                    UserId[] fromShifts = cursor < shifts.Count && shifts[cursor].Interval.Contains(t) ? [.. shifts[cursor].Users] : [];
                    var expected = oracle.At(t);
                    Assert.True(expected.SequenceEqual(fromShifts), $"at {t}: oracle [{string.Join(",", expected)}], shifts [{string.Join(",", fromShifts)}]");
                    Assert.True(expected.SequenceEqual(schedule.WhoIsOnCall(t)), $"at {t}: oracle [{string.Join(",", expected)}], WhoIsOnCall [{string.Join(",", schedule.WhoIsOnCall(t))}]");
                }
            }

            // A sub-window gives the same shifts, clipped.
            var a = from + Duration.FromMinutes(random.Next(0, (21 * 1440) - 1));
            var b = Instant.Min(to, a + Duration.FromMinutes(random.Next(1, 7 * 1440)));
            var clipped = shifts
                .Where(s => s.Interval.End > a && s.Interval.Start < b)
                .Select(s => (Instant.Max(s.Interval.Start, a), Instant.Min(s.Interval.End, b), string.Join(",", s.Users), s.Source));
            Assert.Equal(clipped, schedule.ShiftsBetween(a, b).Select(s => (s.Interval.Start, s.Interval.End, string.Join(",", s.Users), s.Source)));
        }, iter: 60, print: s => s.ToString());
    }

    [Fact]
    public void WhoIsOnCall_FreshScheduleAtRandomInstants_AgreesWithNaiveOracle()
    {
        Gen.Select(GenSchedule, Gen.Int[0, (21 * 1440) - 1].Array[50, 50]).Sample((spec, minutes) =>
        {
            var (schedule, from, to) = spec.Build();
            var oracle = new NaiveScheduleOracle(schedule, from, to);
            foreach (var minute in minutes)
            {
                var t = from + Duration.FromMinutes(minute) + Duration.FromSeconds(minute % 60);
                Assert.True(oracle.At(t).SequenceEqual(schedule.WhoIsOnCall(t)), $"at {t}");
            }
        }, iter: 200, print: p => p.Item1.ToString());
    }

    internal sealed record LayerSpec(int Count, int First, int StartDay, int StartQuarter, int Unit, int TurnCount, WeeklyWindow[] Windows, int EndDay)
    {
        public override string ToString() =>
            $"layer({Count}p from u{First}, start +{StartDay}d {StartQuarter * 15}min, {(RotationUnit)(Unit + 1)}x{TurnCount}, [{string.Join("; ", Windows)}], end {EndDay})";
    }

    internal sealed record OverrideSpec(int StartQuarter, int LengthQuarters, int Replacing, int OnCall);

    internal sealed record TemporarySpec(int StartQuarter, int LengthQuarters, int SplitPercent, int Shape);

    internal sealed record ScheduleSpec(int Base, int Jitter, LayerSpec[] Layers, OverrideSpec[] Overrides, TemporarySpec[] Temporaries)
    {
        public (OnCallSchedule Schedule, Instant From, Instant To) Build()
        {
            var (zone, baseDate) = Bases[Base];
            var date = baseDate.PlusDays(Jitter);
            var from = date.AtMidnight().InUtc().ToInstant();
            var to = from + Duration.FromDays(21);
            var b = new OnCallScheduleBuilder(new ScheduleId("random"), zone);
            for (int i = 0; i < Layers.Length; i++)
            {
                var l = Layers[i];
                var start = date.PlusDays(l.StartDay).AtMidnight().PlusMinutes(l.StartQuarter * 15);
                var turn = l.Unit switch
                {
                    0 => RotationLength.Hours(l.TurnCount),
                    1 => RotationLength.Days(1 + (l.TurnCount % 3)),
                    _ => RotationLength.Weeks(1 + (l.TurnCount % 2)),
                };
                LocalDateTime? end = l.EndDay < 0 ? null : start.PlusDays(l.EndDay + 1).PlusMinutes(l.TurnCount * 30);
                b.AddLayer($"L{i}", Enumerable.Range(0, l.Count).Select(k => Pool[(l.First + k) % Pool.Length]), start, turn, l.Windows, end);
            }

            foreach (var o in Overrides)
            {
                var s = from + Duration.FromMinutes(o.StartQuarter * 15L);
                var onCall = Pool[o.OnCall];
                UserId? replacing = o.Replacing < 0 || Pool[o.Replacing] == onCall ? null : Pool[o.Replacing];
                b.AddOverride(s, s + Duration.FromMinutes(o.LengthQuarters * 15L), onCall, replacing);
            }

            foreach (var t in Temporaries)
            {
                var s = from + Duration.FromMinutes(t.StartQuarter * 15L);
                var e = s + Duration.FromMinutes(t.LengthQuarters * 15L);
                var split = s + Duration.FromMinutes(Math.Max(1, t.LengthQuarters * t.SplitPercent / 100) * 15L);
                TemporaryShift[] shifts = t.Shape switch
                {
                    0 => [new TemporaryShift(new Interval(s, e), [Pool[t.SplitPercent % 6]])],
                    1 => [new TemporaryShift(new Interval(s, split), [Pool[0], Pool[1]]), new TemporaryShift(new Interval(split, e), [Pool[2]])],
                    _ => [new TemporaryShift(new Interval(s, split), [Pool[3]])],
                };
                b.AddTemporarySchedule(s, e, shifts);
            }

            return (b.Build(), from, to);
        }

        public override string ToString() =>
            $"{Bases[Base].Zone} {Bases[Base].Base.PlusDays(Jitter)}: {string.Join(" | ", Layers.Select(l => l.ToString()))}; overrides [{string.Join("; ", Overrides.Select(o => o.ToString()))}]; temporaries [{string.Join("; ", Temporaries.Select(t => t.ToString()))}]";
    }
}
