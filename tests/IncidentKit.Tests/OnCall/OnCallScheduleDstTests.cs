using IncidentKit.OnCall;
using NodaTime;
using static IncidentKit.Tests.OnCall.OnCallTestData;

namespace IncidentKit.Tests.OnCall;

/// <summary>
/// Handoff instants across both 2026 transitions of three zones, written out by hand from the zone rules:
/// Europe/London GMT+0/BST+1, changes 2026-03-29 01:00Z and 2026-10-25 01:00Z;
/// America/New_York EST-5/EDT-4, changes 2026-03-08 07:00Z (02:00 EST) and 2026-11-01 06:00Z (02:00 EDT);
/// Australia/Lord_Howe +10:30/+11, DST ends 2026-04-05 02:00 +11 (2026-04-04 15:00Z) back to 01:30,
/// starts 2026-10-04 02:00 +10:30 (2026-10-03 15:30Z) forward to 02:30.
/// </summary>
public class OnCallScheduleDstTests
{
    public static TheoryData<string, string, string, string[]> Handoffs => new()
    {
        // Daily 09:00 handoffs: 09:00 local every day, so 23 h or 25 h apart on the transition day.
        { "Europe/London", "2026-03-27T09:00", "D1", ["2026-03-27T09:00:00Z", "2026-03-28T09:00:00Z", "2026-03-29T08:00:00Z", "2026-03-30T08:00:00Z"] },
        { "Europe/London", "2026-10-23T09:00", "D1", ["2026-10-23T08:00:00Z", "2026-10-24T08:00:00Z", "2026-10-25T09:00:00Z", "2026-10-26T09:00:00Z"] },
        { "America/New_York", "2026-03-06T09:00", "D1", ["2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"] },
        { "America/New_York", "2026-10-30T09:00", "D1", ["2026-10-30T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"] },
        { "Australia/Lord_Howe", "2026-04-03T09:00", "D1", ["2026-04-02T22:00:00Z", "2026-04-03T22:00:00Z", "2026-04-04T22:30:00Z", "2026-04-05T22:30:00Z"] },
        { "Australia/Lord_Howe", "2026-10-02T09:00", "D1", ["2026-10-01T22:30:00Z", "2026-10-02T22:30:00Z", "2026-10-03T22:00:00Z", "2026-10-04T22:00:00Z"] },

        // Weekly 09:00 handoffs: exactly 7 local days, so 167 h / 169 h (London, New York), 168.5 h / 167.5 h (Lord Howe).
        { "Europe/London", "2026-03-22T09:00", "W1", ["2026-03-22T09:00:00Z", "2026-03-29T08:00:00Z", "2026-04-05T08:00:00Z"] },
        { "Europe/London", "2026-10-18T09:00", "W1", ["2026-10-18T08:00:00Z", "2026-10-25T09:00:00Z", "2026-11-01T09:00:00Z"] },
        { "America/New_York", "2026-03-01T09:00", "W1", ["2026-03-01T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-15T13:00:00Z"] },
        { "America/New_York", "2026-10-25T09:00", "W1", ["2026-10-25T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-08T14:00:00Z"] },
        { "Australia/Lord_Howe", "2026-03-29T09:00", "W1", ["2026-03-28T22:00:00Z", "2026-04-04T22:30:00Z", "2026-04-11T22:30:00Z"] },
        { "Australia/Lord_Howe", "2026-09-27T09:00", "W1", ["2026-09-26T22:30:00Z", "2026-10-03T22:00:00Z", "2026-10-10T22:00:00Z"] },

        // Handoff at a skipped local time: the first instant the clock reads that time or later (the end of the gap).
        { "Europe/London", "2026-03-28T01:30", "D1", ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"] },
        { "America/New_York", "2026-03-07T02:30", "D1", ["2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"] },
        { "Australia/Lord_Howe", "2026-10-03T02:15", "D1", ["2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"] },

        // Handoff at an ambiguous local time: the earlier occurrence.
        { "Europe/London", "2026-10-24T01:30", "D1", ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"] },
        { "America/New_York", "2026-10-31T01:30", "D1", ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"] },
        { "Australia/Lord_Howe", "2026-04-04T01:45", "D1", ["2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"] },

        // Weekly handoff at a skipped and at an ambiguous time.
        { "America/New_York", "2026-03-01T02:30", "W1", ["2026-03-01T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-15T06:30:00Z"] },
        { "Europe/London", "2026-10-18T01:30", "W1", ["2026-10-18T00:30:00Z", "2026-10-25T00:30:00Z", "2026-11-01T01:30:00Z"] },

        // 12-hour turns count local wall-clock hours: 08:00 and 20:00 local every day, 11 h apart across spring forward.
        { "America/New_York", "2026-03-07T08:00", "H12", ["2026-03-07T13:00:00Z", "2026-03-08T01:00:00Z", "2026-03-08T12:00:00Z", "2026-03-09T00:00:00Z"] },
        { "America/New_York", "2026-10-31T20:00", "H12", ["2026-11-01T00:00:00Z", "2026-11-01T13:00:00Z", "2026-11-02T01:00:00Z"] },
        { "Australia/Lord_Howe", "2026-04-04T20:00", "H12", ["2026-04-04T09:00:00Z", "2026-04-04T21:30:00Z", "2026-04-05T09:30:00Z"] },

        // Two-day turns across the autumn change: 48 local hours, 49 h elapsed.
        { "Europe/London", "2026-10-23T09:00", "D2", ["2026-10-23T08:00:00Z", "2026-10-25T09:00:00Z", "2026-10-27T09:00:00Z"] },
    };

    [Theory]
    [MemberData(nameof(Handoffs))]
    public void ShiftsBetween_RotationAcrossTransition_HandsOffAtTheWrittenInstants(string zone, string start, string turn, string[] expected)
    {
        var participants = new[] { Alice, Bob, Carol, Dave };
        var schedule = new OnCallScheduleBuilder(new ScheduleId("dst"), zone)
            .AddLayer("primary", participants, L(start), Turn(turn))
            .Build();
        var instants = expected.Select(I).ToArray();

        var shifts = schedule.ShiftsBetween(instants[0], instants[^1]);

        Assert.Equal(instants[..^1], shifts.Select(s => s.Interval.Start));
        Assert.Equal(instants[1..], shifts.Select(s => s.Interval.End));
        Assert.Equal(participants[..(instants.Length - 1)], shifts.Select(s => s.Users.Single()));
        for (int k = 0; k < instants.Length; k++)
        {
            Assert.Equal(instants[k], schedule.Layers[0].HandoffInstant(k));
        }
    }

    [Theory]
    [MemberData(nameof(Handoffs))]
    public void WhoIsOnCall_AroundEachHandoff_SwitchesExactlyAtTheWrittenInstant(string zone, string start, string turn, string[] expected)
    {
        var participants = new[] { Alice, Bob, Carol, Dave };
        var schedule = new OnCallScheduleBuilder(new ScheduleId("dst"), zone)
            .AddLayer("primary", participants, L(start), Turn(turn))
            .Build();
        var instants = expected.Select(I).ToArray();

        Assert.Empty(schedule.WhoIsOnCall(instants[0] - Duration.Epsilon));
        for (int k = 0; k < instants.Length; k++)
        {
            Assert.Equal([participants[k]], schedule.WhoIsOnCall(instants[k]));
            if (k > 0)
            {
                Assert.Equal([participants[k - 1]], schedule.WhoIsOnCall(instants[k] - Duration.Epsilon));
            }
        }
    }

    [Theory]
    [InlineData("Europe/London", "2026-03-22T09:00", 167.0)]
    [InlineData("Europe/London", "2026-10-18T09:00", 169.0)]
    [InlineData("America/New_York", "2026-03-01T09:00", 167.0)]
    [InlineData("America/New_York", "2026-10-25T09:00", 169.0)]
    [InlineData("Australia/Lord_Howe", "2026-03-29T09:00", 168.5)]
    [InlineData("Australia/Lord_Howe", "2026-09-27T09:00", 167.5)]
    public void HandoffInstant_WeekAcrossTransition_IsSevenLocalDaysNotSevenTimes24Hours(string zone, string start, double elapsedHours)
    {
        var schedule = new OnCallScheduleBuilder(new ScheduleId("weekly"), zone)
            .AddLayer("primary", [Alice, Bob], L(start), RotationLength.Weeks(1))
            .Build();
        var layer = schedule.Layers[0];

        Assert.Equal(Duration.FromMinutes((long)(elapsedHours * 60)), layer.HandoffInstant(1) - layer.HandoffInstant(0));
        Assert.Equal(L(start).PlusDays(7), layer.HandoffInstant(1).InZone(Zone(zone)).LocalDateTime);
    }

    [Fact]
    public void WhoIsOnCall_SkippedHourlyHandoff_SkipsTheEmptyTurnsParticipant()
    {
        // 01:00, 02:00 (skipped: maps to 03:00 EDT = 07:00Z), 03:00 (07:00Z as well): Bob's turn is empty.
        var schedule = new OnCallScheduleBuilder(new ScheduleId("hourly"), "America/New_York")
            .AddLayer("primary", [Alice, Bob, Carol], L("2026-03-08T01:00"), RotationLength.Hours(1))
            .Build();

        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-03-08T06:59:59Z")));
        Assert.Equal([Carol], schedule.WhoIsOnCall(I("2026-03-08T07:00:00Z")));
        Assert.DoesNotContain(schedule.ShiftsBetween(I("2026-03-08T06:00:00Z"), I("2026-03-08T09:00:00Z")), s => s.Users.Contains(Bob));
    }

    [Fact]
    public void WhoIsOnCall_RestrictionAcrossSpringForward_ClosesAtLocalEnd()
    {
        // Sunday 2026-03-08 01:00-04:00 New York: opens 06:00Z (EST), closes 04:00 EDT = 08:00Z, two hours elapsed.
        var schedule = new OnCallScheduleBuilder(new ScheduleId("night"), "America/New_York")
            .AddLayer("night", [Alice], L("2026-03-01T00:00"), RotationLength.Weeks(1), [new WeeklyWindow(IsoDayOfWeek.Sunday, new LocalTime(1, 0), new LocalTime(4, 0))])
            .Build();

        var shifts = schedule.ShiftsBetween(I("2026-03-07T00:00:00Z"), I("2026-03-09T00:00:00Z"));

        var shift = Assert.Single(shifts);
        Assert.Equal(new Interval(I("2026-03-08T06:00:00Z"), I("2026-03-08T08:00:00Z")), shift.Interval);
    }

    [Fact]
    public void WhoIsOnCall_OvernightRestrictionAcrossFallBack_LastsNineElapsedHours()
    {
        // Saturday 2026-10-31 22:00 EDT (02:00Z Nov 1) to Sunday 06:00 EST (11:00Z): 8 local hours, 9 elapsed.
        var schedule = new OnCallScheduleBuilder(new ScheduleId("night"), "America/New_York")
            .AddLayer("night", [Alice], L("2026-10-01T00:00"), RotationLength.Weeks(1), [new WeeklyWindow(IsoDayOfWeek.Saturday, new LocalTime(22, 0), new LocalTime(6, 0))])
            .Build();

        var shift = Assert.Single(schedule.ShiftsBetween(I("2026-10-31T00:00:00Z"), I("2026-11-02T00:00:00Z")));

        Assert.Equal(new Interval(I("2026-11-01T02:00:00Z"), I("2026-11-01T11:00:00Z")), shift.Interval);
    }
}
