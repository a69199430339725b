using IncidentKit.OnCall;
using NodaTime;
using static IncidentKit.Tests.OnCall.OnCallTestData;

namespace IncidentKit.Tests.OnCall;

public class OnCallScheduleBuilderTests
{
    private static OnCallScheduleBuilder Valid() => new OnCallScheduleBuilder(new ScheduleId("s"), "Europe/London")
        .AddLayer("primary", [Alice, Bob], L("2026-01-05T09:00"), RotationLength.Weeks(1));

    [Fact]
    public void Build_LayerWithoutParticipants_ThrowsNamingTheLayer()
    {
        var builder = Valid().AddLayer("empty", [], L("2026-01-05T09:00"), RotationLength.Days(1));

        var ex = Assert.Throws<InvalidScheduleException>(builder.Build);

        Assert.Equal("Layer 1 ('empty'): it has no participants; a layer needs at least one.", Assert.Single(ex.Problems));
        Assert.Contains("'s' is invalid", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RotationLength_ZeroOrNegative_Throws(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RotationLength.Hours(count));
        Assert.Throws<ArgumentOutOfRangeException>(() => RotationLength.Days(count));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RotationLength.Weeks(count));
        Assert.Contains("positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DefaultTurnLength_ThrowsAskingForAPositiveLength()
    {
        var builder = Valid().AddLayer("unset", [Carol], L("2026-01-05T09:00"), default);

        var ex = Assert.Throws<InvalidScheduleException>(builder.Build);

        Assert.Contains("the turn length must be positive", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnknownZone_ThrowsNamingTheZone()
    {
        var builder = new OnCallScheduleBuilder(new ScheduleId("s"), "Mars/Olympus_Mons")
            .AddLayer("primary", [Alice], L("2026-01-05T09:00"), RotationLength.Weeks(1));

        var ex = Assert.Throws<InvalidScheduleException>(builder.Build);

        Assert.Equal("Time zone 'Mars/Olympus_Mons' is unknown; use an IANA time zone id such as 'Europe/London'.", Assert.Single(ex.Problems));
    }

    [Theory]
    [InlineData("2026-01-06T10:00:00Z", "2026-01-06T10:00:00Z")]
    [InlineData("2026-01-06T10:00:00Z", "2026-01-06T09:00:00Z")]
    public void Build_OverrideEndNotAfterStart_Throws(string start, string end)
    {
        var builder = Valid().AddOverride(I(start), I(end), Carol);

        var ex = Assert.Throws<InvalidScheduleException>(builder.Build);

        Assert.Equal($"Override 0: the end {end} must be after the start {start}.", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Build_SeveralProblems_ListsThemAll()
    {
        var builder = new OnCallScheduleBuilder(new ScheduleId("s"), "Nowhere/Town")
            .AddLayer("a", [], L("2026-01-05T09:00"), RotationLength.Days(1))
            .AddLayer("a", [Alice], L("2026-01-05T09:00"), RotationLength.Days(1), end: L("2026-01-05T09:00"))
            .AddOverride(I("2026-01-06T10:00:00Z"), I("2026-01-06T09:00:00Z"), Carol)
            .AddOverride(I("2026-01-06T10:00:00Z"), I("2026-01-06T11:00:00Z"), Carol, replacing: Carol)
            .AddTemporarySchedule(I("2026-01-07T00:00:00Z"), I("2026-01-08T00:00:00Z"),
            [
                new TemporaryShift(new Interval(I("2026-01-06T20:00:00Z"), I("2026-01-07T06:00:00Z")), [Bob]),
                new TemporaryShift(new Interval(I("2026-01-07T05:00:00Z"), I("2026-01-07T08:00:00Z")), []),
            ]);

        var ex = Assert.Throws<InvalidScheduleException>(builder.Build);

        Assert.Equal(
            [
                "Time zone 'Nowhere/Town' is unknown; use an IANA time zone id such as 'Europe/London'.",
                "Layer 0 ('a'): it has no participants; a layer needs at least one.",
                "Layer 1 ('a'): another layer has the same name; layer names are unique within a schedule.",
                "Layer 1 ('a'): the end 2026-01-05T09:00 must be after the rotation start 2026-01-05T09:00.",
                "Override 0: the end 2026-01-06T09:00:00Z must be after the start 2026-01-06T10:00:00Z.",
                "Override 1: 'carol' cannot replace themself.",
                "Temporary schedule 0: shift 0 (2026-01-06T20:00:00Z/2026-01-07T06:00:00Z) lies outside the temporary schedule's interval.",
                "Temporary schedule 0: shift 1 has no users; a shift needs at least one.",
                "Temporary schedule 0: shifts overlap at 2026-01-07T05:00:00Z; a temporary schedule's shifts must not overlap.",
            ],
            ex.Problems);
    }

    [Fact]
    public void Build_UnboundedOverrideInterval_Throws()
    {
        var builder = Valid().AddOverride(new ScheduleOverride(new Interval(I("2026-01-06T10:00:00Z"), null), Carol));

        var ex = Assert.Throws<InvalidScheduleException>(builder.Build);

        Assert.Equal("Override 0: the interval must have a start and an end.", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new ScheduleId(" "));
        Assert.Throws<ArgumentNullException>(() => new OnCallScheduleBuilder(new ScheduleId("s"), (DateTimeZone)null!));
        Assert.ThrowsAny<ArgumentException>(() => new OnCallScheduleBuilder(default, "Europe/London"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeeklyWindow(IsoDayOfWeek.None, new LocalTime(9, 0), new LocalTime(17, 0)));
    }

    [Fact]
    public void Queries_BadWindows_Throw()
    {
        var schedule = Valid().Build();

        var ex = Assert.Throws<ArgumentException>(() => schedule.ShiftsBetween(I("2026-01-06T10:00:00Z"), I("2026-01-06T09:00:00Z")));
        Assert.Equal("to", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.WhoIsOnCall(Instant.FromUtc(9500, 1, 1, 0, 0)));
        Assert.Empty(schedule.ShiftsBetween(I("2026-01-06T10:00:00Z"), I("2026-01-06T10:00:00Z")));
    }

    [Fact]
    public void ToBuilder_RoundTrips_TheSameAnswers()
    {
        var schedule = Valid()
            .AddLayer("day", [Carol], L("2026-01-05T09:00"), RotationLength.Days(1), WeeklyWindow.Daily(new LocalTime(9, 0), new LocalTime(17, 0)))
            .AddOverride(I("2026-01-06T10:00:00Z"), I("2026-01-06T11:00:00Z"), Erin, Carol)
            .AddTemporarySchedule(I("2026-01-08T00:00:00Z"), I("2026-01-09T00:00:00Z"), Dave)
            .Build();

        var copy = schedule.ToBuilder().Build();

        var from = I("2026-01-01T00:00:00Z");
        var to = I("2026-02-01T00:00:00Z");
        Assert.Equal(
            schedule.ShiftsBetween(from, to).Select(s => (s.Interval, string.Join(",", s.Users), s.Source)),
            copy.ShiftsBetween(from, to).Select(s => (s.Interval, string.Join(",", s.Users), s.Source)));
    }
}
