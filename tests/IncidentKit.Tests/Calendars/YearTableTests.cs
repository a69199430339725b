using CsCheck;
using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Tests.Calendars;

public sealed class YearTableTests
{
    private const long TicksPerDay = NodaConstants.TicksPerDay;

    // Random sorted, disjoint intervals in a leap or common UTC year: short and long gaps, intervals crossing UTC midnight and
    // spanning days, boundaries exactly on midnight and a tick either side of it, and empty years.
    private static readonly Gen<(YearTable Table, long[] Starts, long[] Ends)> Tables = Gen.Select(
        Gen.Int[2025, 2028], Gen.Select(Gen.Int[0, 3], Gen.Long[1, 3 * TicksPerDay], Gen.Long[1, 2 * TicksPerDay]).Array[0, 300],
        (year, steps) =>
        {
            long yearStart = BusinessCalendar.YearStartTicks(year), yearEnd = BusinessCalendar.YearStartTicks(year + 1);
            var starts = new List<long>();
            var ends = new List<long>();
            long cursor = yearStart;
            foreach ((int snap, long gap, long length) in steps)
            {
                long start = cursor + (starts.Count == 0 && snap == 0 ? 0 : gap);
                long midnight = start - ((start - yearStart) % TicksPerDay);
                start = snap switch { 1 => midnight + TicksPerDay, 2 => midnight + TicksPerDay - 1, _ => start };
                long end = Math.Min(yearEnd, start + length);
                if (start >= yearEnd || end <= start)
                {
                    break;
                }

                starts.Add(start);
                ends.Add(end);
                cursor = end;
            }

            return (new YearTable(yearStart, yearEnd, [.. starts], [.. ends]), starts.ToArray(), ends.ToArray());
        });

    [Fact]
    public void BusinessBefore_RandomIntervalsAndInstants_EqualsTheSumOfOverlaps()
    {
        Gen.Select(Tables, Gen.Double[0, 1].Array[20], Gen.Int[-1, 1]).Sample((table, fractions, nudge) =>
        {
            (YearTable t, long[] starts, long[] ends) = table;
            foreach (long at in Instants(t, starts, ends, fractions, nudge))
            {
                long expected = 0;
                for (int i = 0; i < starts.Length; i++)
                {
                    expected += Math.Max(0, Math.Min(at, ends[i]) - starts[i]);
                }

                Assert.Equal(expected, t.BusinessBefore(at));
            }
        }, iter: 1000);
    }

    [Fact]
    public void InstantAtBusiness_RandomIntervalsAndTargets_IsTheEarliestInstantReachingTheTarget()
    {
        Gen.Select(Tables, Gen.Double[0, 1].Array[20]).Sample((table, fractions) =>
        {
            (YearTable t, long[] starts, long[] ends) = table;
            if (t.Total == 0)
            {
                return;
            }

            long[] targets = [1, t.Total, .. fractions.Select(f => Math.Clamp((long)(f * t.Total), 1, t.Total))];
            foreach (long target in targets)
            {
                // Walk the intervals: the target falls in the first one whose end reaches it.
                long before = 0, expected = -1;
                for (int i = 0; i < starts.Length && expected < 0; i++)
                {
                    long length = ends[i] - starts[i];
                    expected = before + length >= target ? starts[i] + (target - before) : -1;
                    before += length;
                }

                Assert.Equal(expected, t.InstantAtBusiness(target));
                Assert.Equal(target, t.BusinessBefore(expected));

                // From any earlier instant, as a due search starts: the intervals it has seen begin the search.
                foreach (double f in fractions)
                {
                    long from = t.YearStart + (long)(f * (expected - t.YearStart));
                    if (t.BusinessBefore(from, out int started) < target)
                    {
                        Assert.Equal(expected, t.InstantAtBusiness(target, started));
                    }
                }
            }
        }, iter: 1000);
    }

    // The year's ends, every interval boundary and a tick either side, each UTC midnight near them, and random instants.
    private static IEnumerable<long> Instants(YearTable t, long[] starts, long[] ends, double[] fractions, int nudge)
    {
        yield return t.YearStart;
        yield return t.YearEnd;
        yield return t.YearEnd - 1;
        for (int i = 0; i < starts.Length; i++)
        {
            foreach (long b in new[] { starts[i], ends[i], starts[i] - ((starts[i] - t.YearStart) % TicksPerDay) })
            {
                long at = b + nudge;
                if (at >= t.YearStart && at <= t.YearEnd)
                {
                    yield return at;
                }
            }
        }

        foreach (double f in fractions)
        {
            yield return t.YearStart + (long)(f * (t.YearEnd - t.YearStart));
        }
    }
}
