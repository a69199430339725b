using IncidentKit.OnCall;
using NodaTime;
using static IncidentKit.Tests.OnCall.OnCallTestData;

namespace IncidentKit.Tests.OnCall;

/// <summary>Precedence, restrictions, overrides and temporary schedules, in January London (UTC = local) so that expectations read plainly.</summary>
public class OnCallScheduleTests
{
    // Monday 2026-01-05: weekly base layer Alice/Bob at 09:00, business-hours layer Carol/Dave daily 09:00-17:00 on weekdays.
    private static OnCallScheduleBuilder TwoLayers() => new OnCallScheduleBuilder(new ScheduleId("payments"), "Europe/London")
        .AddLayer("base", [Alice, Bob], L("2026-01-05T09:00"), RotationLength.Weeks(1))
        .AddLayer("business", [Carol, Dave], L("2026-01-05T09:00"), RotationLength.Days(1), WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)));

    [Theory]
    [InlineData("2026-01-05T08:59:59Z", "")]
    [InlineData("2026-01-05T09:00:00Z", "carol")]
    [InlineData("2026-01-05T16:59:59Z", "carol")]
    [InlineData("2026-01-05T17:00:00Z", "alice")]
    [InlineData("2026-01-06T10:00:00Z", "dave")]
    [InlineData("2026-01-10T10:00:00Z", "alice")]
    [InlineData("2026-01-12T08:59:59Z", "alice")]
    [InlineData("2026-01-12T09:00:00Z", "dave")]
    [InlineData("2026-01-12T17:00:00Z", "bob")]
    [InlineData("2026-01-19T17:00:00Z", "alice")]
    public void WhoIsOnCall_TwoLayers_HigherLayerWinsInsideItsRestrictions(string instant, string expected)
    {
        var schedule = TwoLayers().Build();

        Assert.Equal(expected, string.Join(",", schedule.WhoIsOnCall(I(instant))));
    }

    [Fact]
    public void ShiftsBetween_TwoLayers_ReturnsFlattenedShiftsWithTheirSources()
    {
        var schedule = TwoLayers().Build();

        var shifts = schedule.ShiftsBetween(I("2026-01-05T00:00:00Z"), I("2026-01-06T12:00:00Z"));

        Assert.Equal(
            [
                (I("2026-01-05T09:00:00Z"), I("2026-01-05T17:00:00Z"), Carol, new ShiftSource(ShiftSourceKind.Layer, 1)),
                (I("2026-01-05T17:00:00Z"), I("2026-01-06T09:00:00Z"), Alice, new ShiftSource(ShiftSourceKind.Layer, 0)),
                (I("2026-01-06T09:00:00Z"), I("2026-01-06T12:00:00Z"), Dave, new ShiftSource(ShiftSourceKind.Layer, 1)),
            ],
            shifts.Select(s => (s.Interval.Start, s.Interval.End, s.Users.Single(), s.Source)));
    }

    [Fact]
    public void ShiftsBetween_SingleParticipantDailyTurns_MergesAdjacentTurns()
    {
        var schedule = new OnCallScheduleBuilder(new ScheduleId("solo"), "Europe/London")
            .AddLayer("solo", [Alice], L("2026-01-05T09:00"), RotationLength.Days(1))
            .Build();

        var shift = Assert.Single(schedule.ShiftsBetween(I("2026-01-05T09:00:00Z"), I("2026-02-05T09:00:00Z")));

        Assert.Equal(new Interval(I("2026-01-05T09:00:00Z"), I("2026-02-05T09:00:00Z")), shift.Interval);
    }

    [Fact]
    public void WhoIsOnCall_LayerWithEnd_StopsCoveringAtTheEndAndLowerLayerShows()
    {
        var schedule = new OnCallScheduleBuilder(new ScheduleId("ending"), "Europe/London")
            .AddLayer("base", [Alice], L("2026-01-01T00:00"), RotationLength.Weeks(1))
            .AddLayer("project", [Bob], L("2026-01-05T09:00"), RotationLength.Days(1), end: L("2026-01-07T12:00"))
            .Build();

        Assert.Equal([Bob], schedule.WhoIsOnCall(I("2026-01-07T11:59:59Z")));
        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-01-07T12:00:00Z")));
        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-01-05T08:00:00Z")));
    }

    [Fact]
    public void WhoIsOnCall_FullOverride_ReplacesWhoeverIsOnCall()
    {
        var schedule = TwoLayers().AddOverride(I("2026-01-06T12:00:00Z"), I("2026-01-06T14:00:00Z"), Erin).Build();

        var shifts = schedule.ShiftsBetween(I("2026-01-06T09:00:00Z"), I("2026-01-06T17:00:00Z"));

        Assert.Equal([Dave, Erin, Dave], shifts.Select(s => s.Users.Single()));
        Assert.Equal(new Interval(I("2026-01-06T12:00:00Z"), I("2026-01-06T14:00:00Z")), shifts[1].Interval);
        Assert.Equal(new ShiftSource(ShiftSourceKind.Override, 0), shifts[1].Source);
    }

    [Fact]
    public void WhoIsOnCall_FullOverrideInAGap_CoversTheGap()
    {
        var schedule = TwoLayers().AddOverride(I("2026-01-05T06:00:00Z"), I("2026-01-05T08:00:00Z"), Erin).Build();

        Assert.Equal([Erin], schedule.WhoIsOnCall(I("2026-01-05T07:00:00Z")));
        Assert.Empty(schedule.WhoIsOnCall(I("2026-01-05T08:00:00Z")));
    }

    [Fact]
    public void WhoIsOnCall_TargetedOverride_ReplacesOnlyThatUser()
    {
        var schedule = TwoLayers().AddOverride(I("2026-01-06T16:00:00Z"), I("2026-01-06T18:00:00Z"), Erin, replacing: Alice).Build();

        Assert.Equal([Dave], schedule.WhoIsOnCall(I("2026-01-06T16:30:00Z")));
        Assert.Equal([Erin], schedule.WhoIsOnCall(I("2026-01-06T17:30:00Z")));
        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-01-06T18:00:00Z")));
    }

    [Fact]
    public void WhoIsOnCall_OverlappingOverrides_LaterOneWinsAndChains()
    {
        var schedule = TwoLayers()
            .AddOverride(I("2026-01-06T12:00:00Z"), I("2026-01-06T14:00:00Z"), Erin)
            .AddOverride(I("2026-01-06T13:00:00Z"), I("2026-01-06T15:00:00Z"), Bob)
            .AddOverride(I("2026-01-06T13:30:00Z"), I("2026-01-06T14:30:00Z"), Carol, replacing: Bob)
            .Build();

        Assert.Equal([Erin], schedule.WhoIsOnCall(I("2026-01-06T12:30:00Z")));
        Assert.Equal([Bob], schedule.WhoIsOnCall(I("2026-01-06T13:15:00Z")));
        Assert.Equal([Carol], schedule.WhoIsOnCall(I("2026-01-06T14:00:00Z")));
        Assert.Equal([Bob], schedule.WhoIsOnCall(I("2026-01-06T14:45:00Z")));
        Assert.Equal([Dave], schedule.WhoIsOnCall(I("2026-01-06T15:00:00Z")));
    }

    [Fact]
    public void WhoIsOnCall_TemporarySchedule_ReplacesLayersEntirelyAndOverridesStillApply()
    {
        var day = new Interval(I("2026-01-07T00:00:00Z"), I("2026-01-08T00:00:00Z"));
        var schedule = TwoLayers()
            .AddTemporarySchedule(day.Start, day.End,
            [
                new TemporaryShift(new Interval(I("2026-01-07T00:00:00Z"), I("2026-01-07T12:00:00Z")), [Erin, Bob]),
                new TemporaryShift(new Interval(I("2026-01-07T14:00:00Z"), I("2026-01-08T00:00:00Z")), [Carol]),
            ])
            .AddOverride(I("2026-01-07T11:00:00Z"), I("2026-01-07T11:30:00Z"), Dave, replacing: Bob)
            .Build();

        Assert.Equal([Erin, Bob], schedule.WhoIsOnCall(I("2026-01-07T10:00:00Z")));
        Assert.Equal([Erin, Dave], schedule.WhoIsOnCall(I("2026-01-07T11:15:00Z")));
        Assert.Empty(schedule.WhoIsOnCall(I("2026-01-07T13:00:00Z")));
        Assert.Equal([Carol], schedule.WhoIsOnCall(I("2026-01-07T20:00:00Z")));
        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-01-08T00:00:00Z")));
        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-01-06T23:59:59Z")));
        Assert.Equal([new Interval(I("2026-01-07T12:00:00Z"), I("2026-01-07T14:00:00Z"))], schedule.GapsBetween(day.Start, day.End));
    }

    [Fact]
    public void WhoIsOnCall_OverlappingTemporarySchedules_LaterOneWins()
    {
        var schedule = TwoLayers()
            .AddTemporarySchedule(I("2026-01-07T00:00:00Z"), I("2026-01-08T00:00:00Z"), Erin)
            .AddTemporarySchedule(I("2026-01-07T06:00:00Z"), I("2026-01-07T07:00:00Z"), Bob)
            .Build();

        Assert.Equal([Erin], schedule.WhoIsOnCall(I("2026-01-07T05:00:00Z")));
        Assert.Equal([Bob], schedule.WhoIsOnCall(I("2026-01-07T06:30:00Z")));
        Assert.Equal([Erin], schedule.WhoIsOnCall(I("2026-01-07T07:00:00Z")));
        Assert.Equal(new ShiftSource(ShiftSourceKind.TemporarySchedule, 1), schedule.ShiftsBetween(I("2026-01-07T06:30:00Z"), I("2026-01-07T06:31:00Z"))[0].Source);
    }

    [Fact]
    public void WithOverride_AddsAnOverride_LeavesTheOriginalUnchanged()
    {
        var original = TwoLayers().Build();

        var changed = original.WithOverride(new ScheduleOverride(new Interval(I("2026-01-06T10:00:00Z"), I("2026-01-06T11:00:00Z")), Erin));

        Assert.Equal([Dave], original.WhoIsOnCall(I("2026-01-06T10:30:00Z")));
        Assert.Equal([Erin], changed.WhoIsOnCall(I("2026-01-06T10:30:00Z")));
        Assert.True(changed.IsOnCall(Erin, I("2026-01-06T10:30:00Z")));
        Assert.False(changed.IsOnCall(Dave, I("2026-01-06T10:30:00Z")));
        Assert.Equal(original.Layers.Length, changed.Layers.Length);
    }

    [Fact]
    public void GapsBetween_BusinessHoursOnly_ReturnsNightsAndWeekend()
    {
        var schedule = new OnCallScheduleBuilder(new ScheduleId("office"), "Europe/London")
            .AddLayer("business", [Carol, Dave], L("2026-01-05T09:00"), RotationLength.Days(1), WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .Build();

        var gaps = schedule.GapsBetween(I("2026-01-09T00:00:00Z"), I("2026-01-13T00:00:00Z"));

        Assert.Equal(
            [
                new Interval(I("2026-01-09T00:00:00Z"), I("2026-01-09T09:00:00Z")),
                new Interval(I("2026-01-09T17:00:00Z"), I("2026-01-12T09:00:00Z")),
                new Interval(I("2026-01-12T17:00:00Z"), I("2026-01-13T00:00:00Z")),
            ],
            gaps);
        Assert.True(schedule.HasGaps(I("2026-01-09T00:00:00Z"), I("2026-01-13T00:00:00Z")));
        Assert.False(schedule.HasGaps(I("2026-01-09T09:00:00Z"), I("2026-01-09T17:00:00Z")));
    }

    [Fact]
    public void ShiftsBetween_WindowSpanningManyCacheBlocks_MatchesDirectEvaluation()
    {
        var schedule = TwoLayers().AddOverride(I("2026-02-01T12:00:00Z"), I("2026-02-20T12:00:00Z"), Erin, replacing: Bob).Build();
        var from = I("2026-01-01T00:00:00Z");
        var to = I("2026-06-01T00:00:00Z");

        var shifts = schedule.ShiftsBetween(from, to);

        Assert.Equal(schedule.Flatten(from, to), shifts);
        Assert.All(shifts.Zip(shifts.Skip(1)), p => Assert.True(p.First.Interval.End <= p.Second.Interval.Start));
    }

    [Fact]
    public void WhoIsOnCall_ManyThreadsOnAColdCache_AgreeWithDirectEvaluation()
    {
        var schedule = TwoLayers().AddOverride(I("2026-03-01T12:00:00Z"), I("2026-03-20T12:00:00Z"), Erin, replacing: Bob).Build();
        var start = I("2026-01-01T00:00:00Z");
        var instants = Enumerable.Range(0, 20_000).Select(i => start + Duration.FromMinutes(i * 37L)).ToArray();
        var wrong = 0;

        Parallel.ForEach(instants, t =>
        {
            if (!schedule.WhoIsOnCall(t).SequenceEqual(schedule.Evaluate(t).Users))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}
