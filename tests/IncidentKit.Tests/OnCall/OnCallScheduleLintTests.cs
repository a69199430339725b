using IncidentKit.OnCall;
using NodaTime;
using static IncidentKit.Tests.OnCall.OnCallTestData;

namespace IncidentKit.Tests.OnCall;

public class OnCallScheduleLintTests
{
    private static readonly Instant From = I("2026-01-05T00:00:00Z");
    private static readonly Instant To = I("2026-01-19T00:00:00Z");

    private static OnCallScheduleBuilder Covered(string id = "s") => new OnCallScheduleBuilder(new ScheduleId(id), "Europe/London")
        .AddLayer("base", [Alice, Bob], L("2026-01-01T09:00"), RotationLength.Weeks(1));

    [Fact]
    public void Lint_FullyCoveredSchedule_FindsNothing()
    {
        Assert.Empty(Covered().Build().Lint(From, To));
    }

    [Fact]
    public void Lint_BusinessHoursOnly_ReportsEachGapAsAnError()
    {
        var schedule = new OnCallScheduleBuilder(new ScheduleId("office"), "Europe/London")
            .AddLayer("business", [Carol], L("2026-01-01T09:00"), RotationLength.Days(1), WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .Build();

        var found = schedule.Lint(I("2026-01-09T00:00:00Z"), I("2026-01-10T00:00:00Z"));

        Assert.All(found, d => Assert.Equal((ScheduleDiagnosticCodes.CoverageGap, ScheduleDiagnosticSeverity.Error), (d.Code, d.Severity)));
        Assert.Equal(
            [new Interval(I("2026-01-09T00:00:00Z"), I("2026-01-09T09:00:00Z")), new Interval(I("2026-01-09T17:00:00Z"), I("2026-01-10T00:00:00Z"))],
            found.Select(d => d.Interval));
    }

    [Fact]
    public void Lint_LayerUnderAnAlwaysCoveringLayer_IsReportedHidden()
    {
        var schedule = new OnCallScheduleBuilder(new ScheduleId("s"), "Europe/London")
            .AddLayer("business", [Carol], L("2026-01-01T09:00"), RotationLength.Days(1), WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .AddLayer("base", [Alice, Bob], L("2026-01-01T09:00"), RotationLength.Weeks(1))
            .Build();

        var d = Assert.Single(schedule.Lint(From, To));

        Assert.Equal((ScheduleDiagnosticCodes.HiddenLayer, ScheduleDiagnosticSeverity.Warning), (d.Code, d.Severity));
        Assert.Contains("'business'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_RestrictedLayerAboveBase_IsNotHidden()
    {
        var schedule = Covered()
            .AddLayer("business", [Carol], L("2026-01-01T09:00"), RotationLength.Days(1), WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .Build();

        Assert.Empty(schedule.Lint(From, To));
    }

    [Fact]
    public void Lint_TemporaryScheduleOverTheWholeWindow_HidesTheLayers()
    {
        var schedule = Covered().AddTemporarySchedule(From, To, Dave).Build();

        var d = Assert.Single(schedule.Lint(From, To));

        Assert.Equal(ScheduleDiagnosticCodes.HiddenLayer, d.Code);
    }

    [Fact]
    public void Lint_OverrideOfNonParticipant_IsReported()
    {
        var schedule = Covered().AddOverride(I("2026-01-06T10:00:00Z"), I("2026-01-06T12:00:00Z"), Carol, replacing: Erin).Build();

        var d = Assert.Single(schedule.Lint(From, To));

        Assert.Equal((ScheduleDiagnosticCodes.OverrideOfNonParticipant, ScheduleDiagnosticSeverity.Warning), (d.Code, d.Severity));
        Assert.Equal(new Interval(I("2026-01-06T10:00:00Z"), I("2026-01-06T12:00:00Z")), d.Interval);
        Assert.Contains("'erin'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_OverrideOfParticipantNeverOnCallThen_IsReportedIneffective()
    {
        // Week of 2026-01-08 09:00 belongs to Bob (turn 1), so replacing Alice then never takes effect.
        var schedule = Covered().AddOverride(I("2026-01-09T10:00:00Z"), I("2026-01-09T12:00:00Z"), Carol, replacing: Alice).Build();

        var d = Assert.Single(schedule.Lint(From, To));

        Assert.Equal((ScheduleDiagnosticCodes.IneffectiveOverride, ScheduleDiagnosticSeverity.Info), (d.Code, d.Severity));
    }

    [Fact]
    public void Lint_OverrideOutsideTheWindow_IsNotReported()
    {
        var schedule = Covered().AddOverride(I("2026-03-09T10:00:00Z"), I("2026-03-09T12:00:00Z"), Carol, replacing: Erin).Build();

        Assert.Empty(schedule.Lint(From, To));
    }

    [Fact]
    public void Lint_SamePersonOnCallInTwoSchedules_ReportsEachDoubleBooking()
    {
        // Primary: Alice 2026-01-01..08 09:00, Bob ..15, Alice ..22. Secondary: Alice on weekdays 09:00-17:00 only.
        var primary = Covered("primary").Build();
        var secondary = new OnCallScheduleBuilder(new ScheduleId("secondary"), "Europe/London")
            .AddLayer("day", [Alice], L("2026-01-01T09:00"), RotationLength.Days(1), WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .Build();

        var found = OnCallSchedule.Lint([primary, secondary], I("2026-01-06T00:00:00Z"), I("2026-01-16T00:00:00Z"));

        var doubles = found.Where(d => d.Code == ScheduleDiagnosticCodes.DoubleBooked).ToList();
        Assert.Equal(
            [
                new Interval(I("2026-01-06T09:00:00Z"), I("2026-01-06T17:00:00Z")),
                new Interval(I("2026-01-07T09:00:00Z"), I("2026-01-07T17:00:00Z")),
                new Interval(I("2026-01-15T09:00:00Z"), I("2026-01-15T17:00:00Z")),
            ],
            doubles.Select(d => d.Interval));
        Assert.All(doubles, d => Assert.Equal(new ScheduleId("primary"), d.Schedule));
        Assert.Contains("'alice' is on call in both 'primary' and 'secondary'", doubles[0].Message, StringComparison.Ordinal);
        Assert.Contains(found, d => d.Code == ScheduleDiagnosticCodes.CoverageGap && d.Schedule == new ScheduleId("secondary"));
    }

    [Fact]
    public void Lint_SameScheduleTwice_Throws()
    {
        var s = Covered().Build();

        Assert.Throws<ArgumentException>(() => OnCallSchedule.Lint([s, s], From, To));
    }
}
