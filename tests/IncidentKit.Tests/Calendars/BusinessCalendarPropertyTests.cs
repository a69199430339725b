using CsCheck;
using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Tests.Calendars;

public class BusinessCalendarPropertyTests
{
    private const int OracleLimitMinutes = 4 * 1440;

    [Fact]
    public void AddBusinessTime_RandomCalendarsNearDst_MatchesNaiveOracle()
    {
        CalendarScenario.Generate(maxTargetMinutes: 720, maxSpanMinutes: 0).Sample(s =>
        {
            var fast = BusinessCalendar.FromJson(s.Json);
            var naive = NaiveCalendar.FromJson(s.Json);
            (bool exceeded, Instant? expected) = naive.AddBusinessTime(s.Start, s.Target, [], OracleLimitMinutes);
            Instant? actual = fast.AddBusinessTime(s.Start, s.Target);
            Check(exceeded, expected, actual, s);
        }, iter: 2000);
    }

    [Fact]
    public void AddBusinessTime_RandomCalendarsAndPausesNearDst_MatchesNaiveOracle()
    {
        CalendarScenario.Generate(maxTargetMinutes: 720, maxSpanMinutes: 0).Sample(s =>
        {
            var fast = BusinessCalendar.FromJson(s.Json);
            var naive = NaiveCalendar.FromJson(s.Json);
            (bool exceeded, Instant? expected) = naive.AddBusinessTime(s.Start, s.Target, s.Pauses, OracleLimitMinutes);
            Instant? actual = fast.AddBusinessTime(s.Start, s.Target, s.Pauses);
            Check(exceeded, expected, actual, s);
        }, iter: 2000);
    }

    [Fact]
    public void BusinessTimeBetween_RandomCalendarsAndPausesNearDst_MatchesNaiveOracle()
    {
        CalendarScenario.Generate(maxTargetMinutes: 0, maxSpanMinutes: 3 * 1440).Sample(s =>
        {
            var fast = BusinessCalendar.FromJson(s.Json);
            var naive = NaiveCalendar.FromJson(s.Json);
            Assert.True(naive.BusinessTimeBetween(s.Start, s.End, []) == fast.BusinessTimeBetween(s.Start, s.End), s.ToString());
            Assert.True(naive.BusinessTimeBetween(s.Start, s.End, s.Pauses) == fast.BusinessTimeBetween(s.Start, s.End, s.Pauses), s.ToString());
        }, iter: 600);
    }

    [Fact]
    public void AddBusinessTime_RoundTrip_ElapsedUntilDueEqualsTarget()
    {
        CalendarScenario.Generate(maxTargetMinutes: 60 * 24 * 20, maxSpanMinutes: 0).Sample(s =>
        {
            var calendar = BusinessCalendar.FromJson(s.Json);
            if (calendar.AddBusinessTime(s.Start, s.Target) is { } due)
            {
                Assert.True(calendar.BusinessTimeBetween(s.Start, due) == s.Target, s.ToString());
            }

            if (calendar.AddBusinessTime(s.Start, s.Target, s.Pauses) is { } pausedDue)
            {
                Assert.True(calendar.BusinessTimeBetween(s.Start, pausedDue, s.Pauses) == s.Target, s.ToString());
            }
        }, iter: 1000);
    }

    [Fact]
    public void AddBusinessTime_LargerTarget_NeverEarlier()
    {
        Gen.Select(CalendarScenario.Generate(maxTargetMinutes: 60 * 24 * 10, maxSpanMinutes: 0), Gen.Int[0, 60 * 24 * 3]).Sample((s, extra) =>
        {
            var calendar = BusinessCalendar.FromJson(s.Json);
            Instant? smaller = calendar.AddBusinessTime(s.Start, s.Target, s.Pauses);
            Instant? larger = calendar.AddBusinessTime(s.Start, s.Target + Duration.FromMinutes(extra), s.Pauses);
            Assert.True(larger is null || (smaller is { } a && a <= larger), s.ToString());
        }, iter: 1000);
    }

    [Fact]
    public void BusinessTimeBetween_LaterEnd_NeverLess()
    {
        Gen.Select(CalendarScenario.Generate(maxTargetMinutes: 0, maxSpanMinutes: 60 * 24 * 30), Gen.Int[0, 60 * 24 * 3]).Sample((s, extra) =>
        {
            var calendar = BusinessCalendar.FromJson(s.Json);
            Duration shorter = calendar.BusinessTimeBetween(s.Start, s.End, s.Pauses);
            Duration longer = calendar.BusinessTimeBetween(s.Start, s.End + Duration.FromMinutes(extra), s.Pauses);
            Assert.True(shorter <= longer && longer - shorter <= Duration.FromMinutes(extra), s.ToString());
        }, iter: 1000);
    }

    [Fact]
    public void BusinessTimeBetween_Split_IsAdditive()
    {
        Gen.Select(CalendarScenario.Generate(maxTargetMinutes: 0, maxSpanMinutes: 60 * 24 * 400), Gen.Double[0, 1]).Sample((s, f) =>
        {
            var calendar = BusinessCalendar.FromJson(s.Json);
            Instant middle = s.Start + Duration.FromTicks((long)((s.End - s.Start).BclCompatibleTicks * f));
            Assert.True(calendar.BusinessTimeBetween(s.Start, s.End) == calendar.BusinessTimeBetween(s.Start, middle) + calendar.BusinessTimeBetween(middle, s.End), s.ToString());
        }, iter: 1000);
    }

    private static void Check(bool exceeded, Instant? expected, Instant? actual, CalendarScenario s)
    {
        if (exceeded)
        {
            // The oracle gave up: the fast answer must lie beyond what it examined.
            Assert.True(actual is null || actual > s.Start + Duration.FromMinutes(OracleLimitMinutes - 1), $"fast={actual} {s}");
        }
        else
        {
            Assert.True(expected == actual, $"oracle={expected} fast={actual} {s}");
        }
    }
}
