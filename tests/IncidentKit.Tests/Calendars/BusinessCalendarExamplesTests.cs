using IncidentKit.Calendars;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Tests.Calendars;

public class BusinessCalendarExamplesTests
{
    internal const string NewYorkNineToFive = """{ "timeZone": "America/New_York", "weekly": { "monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"], "wednesday": ["09:00-17:00"], "thursday": ["09:00-17:00"], "friday": ["09:00-17:00"] } }""";

    internal static Instant I(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    [Fact]
    public void AddBusinessTime_NewYorkWithinDay_AddsWallTime()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        Assert.Equal(I("2026-06-15T18:00:00Z"), calendar.AddBusinessTime(I("2026-06-15T14:00:00Z"), Duration.FromHours(4)));
    }

    [Fact]
    public void AddBusinessTime_NewYorkMetAtClosing_DueAtClosingTime()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        Assert.Equal(I("2026-06-15T21:00:00Z"), calendar.AddBusinessTime(I("2026-06-15T13:00:00Z"), Duration.FromHours(8)));
    }

    [Fact]
    public void AddBusinessTime_LondonSplitHoursStartInLunch_DueNextMorning()
    {
        var calendar = new BusinessCalendarBuilder("Europe/London").SetWeekdayHours("09:00-12:30", "13:30-17:30").Build();
        Assert.Equal(I("2026-06-17T09:00:00Z"), calendar.AddBusinessTime(I("2026-06-16T11:45:00Z"), Duration.FromHours(5)));
    }

    [Fact]
    public void AddBusinessTime_LondonAcrossSpringForwardWeekend_DueMondayLocal()
    {
        var calendar = new BusinessCalendarBuilder("Europe/London").SetWeekdayHours("09:00-17:00").Build();
        Assert.Equal(I("2026-03-30T10:00:00Z"), calendar.AddBusinessTime(I("2026-03-27T15:00:00Z"), Duration.FromHours(4)));
    }

    [Fact]
    public void AddBusinessTime_NewYorkOvernightShiftOnSaturdayMorning_CountsFridaysShift()
    {
        var calendar = new BusinessCalendarBuilder("America/New_York").SetWeekdayHours("22:00-06:00").Build();
        Assert.Equal(I("2026-06-13T09:00:00Z"), calendar.AddBusinessTime(I("2026-06-13T07:00:00Z"), Duration.FromHours(2)));
    }

    [Fact]
    public void AddBusinessTime_NewYorkWithPause_ExcludesPausedTime()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        var pauses = new List<Interval> { new(I("2026-06-15T14:00:00Z"), I("2026-06-15T15:30:00Z")) };
        Assert.Equal(I("2026-06-15T18:30:00Z"), calendar.AddBusinessTime(I("2026-06-15T13:00:00Z"), Duration.FromHours(4), pauses));
    }
}
