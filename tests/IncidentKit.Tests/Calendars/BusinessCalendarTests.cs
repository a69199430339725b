using IncidentKit.Calendars;
using NodaTime;
using static IncidentKit.Tests.Calendars.BusinessCalendarExamplesTests;

namespace IncidentKit.Tests.Calendars;

public class BusinessCalendarTests
{
    private static readonly Instant LongBefore = I("2025-01-01T00:00:00Z");

    private static BusinessCalendar OnlyOn(string zone, string date, string interval) =>
        BusinessCalendar.FromJson($$"""{ "timeZone": "{{zone}}", "exceptions": { "{{date}}": ["{{interval}}"] } }""");

    public static TheoryData<string, string, string, string, string> DstBoundaries => new()
    {
        // zone, date, interval, first business instant, end (skipped -> transition; ambiguous -> earlier occurrence)
        { "Europe/London", "2026-03-29", "01:30-03:00", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z" },
        { "Europe/London", "2026-10-25", "01:30-02:30", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z" },
        { "America/New_York", "2026-03-08", "02:30-04:00", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z" },
        { "America/New_York", "2026-11-01", "01:30-03:00", "2026-11-01T05:30:00Z", "2026-11-01T08:00:00Z" },
        { "Australia/Sydney", "2026-04-05", "02:30-03:30", "2026-04-04T15:30:00Z", "2026-04-04T17:30:00Z" },
        { "Australia/Sydney", "2026-10-04", "02:30-04:00", "2026-10-03T16:00:00Z", "2026-10-03T17:00:00Z" },
        { "Australia/Lord_Howe", "2026-04-05", "01:45-02:15", "2026-04-04T14:45:00Z", "2026-04-04T15:45:00Z" },
        { "Australia/Lord_Howe", "2026-10-04", "02:15-03:00", "2026-10-03T15:30:00Z", "2026-10-03T16:00:00Z" },
        { "Pacific/Chatham", "2026-04-05", "03:00-04:00", "2026-04-04T13:15:00Z", "2026-04-04T15:15:00Z" },
        { "Pacific/Chatham", "2026-09-27", "03:00-04:00", "2026-09-26T14:00:00Z", "2026-09-26T14:15:00Z" },
        { "America/St_Johns", "2026-03-08", "02:15-03:30", "2026-03-08T05:30:00Z", "2026-03-08T06:00:00Z" },
        { "America/St_Johns", "2026-11-01", "01:15-02:15", "2026-11-01T03:45:00Z", "2026-11-01T05:45:00Z" },
        { "America/Havana", "2026-03-08", "00:00-01:30", "2026-03-08T05:00:00Z", "2026-03-08T05:30:00Z" },
        { "America/Havana", "2025-11-02", "00:30-01:30", "2025-11-02T04:30:00Z", "2025-11-02T06:30:00Z" },
    };

    [Theory]
    [MemberData(nameof(DstBoundaries))]
    public void AddBusinessTime_IntervalAcrossDstTransition_MapsBoundariesToFirstInstantAtOrAfterWallTime(string zone, string date, string interval, string opens, string closes)
    {
        var calendar = OnlyOn(zone, date, interval);
        Duration length = I(closes) - I(opens);

        Assert.Equal(I(opens) + Duration.Epsilon * 100, calendar.AddBusinessTime(LongBefore, Duration.FromTicks(1)));
        Assert.Equal(I(closes), calendar.AddBusinessTime(LongBefore, length));
        Assert.Equal(length, calendar.BusinessTimeBetween(LongBefore, I("2027-01-01T00:00:00Z")));
        Assert.Null(calendar.AddBusinessTime(LongBefore, length + Duration.FromTicks(1)));
    }

    [Theory]
    [InlineData("Europe/London", "2026-03-29", 23)]
    [InlineData("Europe/London", "2026-10-25", 25)]
    [InlineData("America/New_York", "2026-03-08", 23)]
    [InlineData("Australia/Lord_Howe", "2026-10-04", 23.5)]
    [InlineData("Australia/Lord_Howe", "2026-04-05", 24.5)]
    [InlineData("Pacific/Chatham", "2026-09-27", 23)]
    [InlineData("America/Havana", "2026-03-08", 23)]
    [InlineData("America/Havana", "2025-11-02", 25)]
    public void BusinessTimeBetween_AllDayCalendarOverTransitionDay_CountsTheRealLengthOfTheDay(string zone, string date, double hours)
    {
        var calendar = new BusinessCalendarBuilder(zone).SetWeekdayHours("00:00-24:00")
            .SetHours(IsoDayOfWeek.Saturday, "00:00-24:00").SetHours(IsoDayOfWeek.Sunday, "00:00-24:00").Build();
        var tz = DateTimeZoneProviders.Tzdb[zone];
        var day = NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value;
        Instant from = day.AtStartOfDayInZone(tz).ToInstant(), to = day.PlusDays(1).AtStartOfDayInZone(tz).ToInstant();

        Assert.Equal(Duration.FromHours(hours), calendar.BusinessTimeBetween(from, to));
        Assert.Equal(Duration.FromDays(7), calendar.BusinessTimeBetween(from - Duration.FromDays(3), from + Duration.FromDays(4)));
        Assert.Equal(from + Duration.FromDays(7), calendar.AddBusinessTime(from - Duration.FromDays(3), Duration.FromDays(10)));
    }

    [Fact]
    public void AlwaysOpen_AnyRange_CountsElapsedTimeExactly()
    {
        Instant from = I("2026-03-28T23:59:59Z"), to = I("2031-11-02T00:00:01Z");
        Assert.Equal(to - from, BusinessCalendar.AlwaysOpen.BusinessTimeBetween(from, to));
        Assert.Equal(to, BusinessCalendar.AlwaysOpen.AddBusinessTime(from, to - from));
        Assert.Equal(from + Duration.FromDays(3650), BusinessCalendar.AlwaysOpen.AddBusinessTime(from, Duration.FromDays(3650)));
    }

    [Fact]
    public void AddBusinessTime_AcrossUtcNewYear_IsExactAtTheSeam()
    {
        Assert.Equal(I("2027-01-01T00:00:00Z"), BusinessCalendar.AlwaysOpen.AddBusinessTime(I("2026-12-31T23:00:00Z"), Duration.FromHours(1)));
        Assert.Equal(I("2027-01-01T00:00:00.0000001Z"), BusinessCalendar.AlwaysOpen.AddBusinessTime(I("2026-12-31T23:00:00Z"), Duration.FromHours(1) + Duration.FromTicks(1)));

        // Auckland (+13) opens Friday 1 January 2027 09:00-17:00, that is 20:00Z on 31 December to 04:00Z: across the seam.
        var calendar = new BusinessCalendarBuilder("Pacific/Auckland").SetHours(IsoDayOfWeek.Friday, "09:00-17:00").Build();
        Instant from = I("2026-12-31T00:00:00Z");
        Assert.Equal(Duration.FromHours(8), calendar.BusinessTimeBetween(from, I("2027-01-02T00:00:00Z")));
        Assert.Equal(Duration.FromHours(4), calendar.BusinessTimeBetween(from, I("2027-01-01T00:00:00Z")));
        Assert.Equal(I("2027-01-01T01:00:00Z"), calendar.AddBusinessTime(from, Duration.FromHours(5)));
        Assert.Equal(I("2027-01-01T00:00:00Z"), calendar.AddBusinessTime(from, Duration.FromHours(4)));
        Assert.Equal(I("2027-01-01T04:00:00Z"), calendar.AddBusinessTime(I("2026-12-31T22:00:00Z"), Duration.FromHours(6)));
    }

    [Fact]
    public void AddBusinessTime_HugeOrUnreachableTargets_ReturnNullWithoutThrowing()
    {
        Assert.Null(BusinessCalendar.AlwaysOpen.AddBusinessTime(I("2026-01-01T00:00:00Z"), Duration.MaxValue));
        Assert.Null(BusinessCalendar.AlwaysOpen.AddBusinessTime(Instant.MaxValue, Duration.FromHours(1)));
        Assert.Equal(Duration.Zero, BusinessCalendar.AlwaysOpen.BusinessTimeBetween(Instant.MaxValue - Duration.FromDays(1), Instant.MaxValue));
        Assert.Equal(Instant.FromUtc(1, 1, 1, 1, 0), BusinessCalendar.AlwaysOpen.AddBusinessTime(Instant.MinValue, Duration.FromHours(1)));
    }

    [Fact]
    public void AddBusinessTime_ManyThreadsOnAFreshCalendar_AgreeWithOneThread()
    {
        var shared = BusinessCalendar.FromJson(NewYorkNineToFive);
        var reference = BusinessCalendar.FromJson(NewYorkNineToFive);
        var results = new Instant?[2000];
        Parallel.For(0, results.Length, i => results[i] = shared.AddBusinessTime(I("2026-01-01T00:00:00Z") + Duration.FromHours(i * 7), Duration.FromHours(i % 300)));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(reference.AddBusinessTime(I("2026-01-01T00:00:00Z") + Duration.FromHours(i * 7), Duration.FromHours(i % 300)), results[i]);
        }
    }

    [Fact]
    public void AddBusinessTime_HolidayAfterOvernightShift_RemovesTheTailAfterMidnight()
    {
        // Friday 2026-06-12 22:00-06:00 in New York; Saturday 2026-06-13 is a holiday.
        var calendar = new BusinessCalendarBuilder("America/New_York").SetHours(IsoDayOfWeek.Friday, "22:00-06:00").AddHoliday(new LocalDate(2026, 6, 13)).Build();

        Assert.Equal(Duration.FromHours(2), calendar.BusinessTimeBetween(I("2026-06-12T00:00:00Z"), I("2026-06-14T00:00:00Z")));
        Assert.Equal(I("2026-06-13T04:00:00Z"), calendar.AddBusinessTime(I("2026-06-12T12:00:00Z"), Duration.FromHours(2)));
        Assert.Equal(I("2026-06-20T03:00:00Z"), calendar.AddBusinessTime(I("2026-06-12T12:00:00Z"), Duration.FromHours(3)));
    }

    [Fact]
    public void BusinessTimeBetween_HolidayOnOvernightShiftsDay_KeepsItsTailOnTheNextDay()
    {
        var calendar = new BusinessCalendarBuilder("America/New_York").SetHours(IsoDayOfWeek.Friday, "22:00-06:00").AddHoliday(new LocalDate(2026, 6, 12)).Build();
        Assert.Equal(Duration.FromHours(6), calendar.BusinessTimeBetween(I("2026-06-12T00:00:00Z"), I("2026-06-14T00:00:00Z")));
    }

    [Fact]
    public void AddBusinessTime_Exceptions_ReplaceOrCloseTheDay()
    {
        var calendar = BusinessCalendar.FromJson("""
            { "timeZone": "Europe/London",
              "weekly": { "monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"], "wednesday": ["09:00-17:00"], "thursday": ["09:00-17:00"], "friday": ["09:00-17:00"] },
              "holidays": ["2026-12-25", "2026-12-28"],
              "exceptions": { "2026-12-24": ["09:00-12:00"], "2026-12-31": [], "2026-12-27": ["10:00-11:00"] } }
            """);

        Assert.Equal(Duration.FromHours(3), calendar.BusinessTimeBetween(I("2026-12-24T00:00:00Z"), I("2026-12-25T00:00:00Z")));
        Assert.Equal(Duration.Zero, calendar.BusinessTimeBetween(I("2026-12-31T00:00:00Z"), I("2027-01-01T00:00:00Z")));
        // 24th 09-12 (3 h), 25th holiday, Sunday 27th exception 10-11 (1 h), 28th holiday, 29th 09-17, 30th 09-17.
        Assert.Equal(Duration.FromHours(20), calendar.BusinessTimeBetween(I("2026-12-24T00:00:00Z"), I("2027-01-01T00:00:00Z")));
        Assert.Equal(I("2026-12-27T11:00:00Z"), calendar.AddBusinessTime(I("2026-12-24T10:00:00Z"), Duration.FromHours(3)));
        Assert.Equal(I("2026-12-29T10:00:00Z"), calendar.AddBusinessTime(I("2026-12-24T10:00:00Z"), Duration.FromHours(4)));
    }

    [Fact]
    public void AddBusinessTime_EndAt2400AndNextDayFromMidnight_AreOneContinuousInterval()
    {
        var calendar = new BusinessCalendarBuilder("Europe/London").SetHours(IsoDayOfWeek.Monday, "18:00-24:00").SetHours(IsoDayOfWeek.Tuesday, "00:00-02:00").Build();
        // Monday 2026-06-15 18:00 BST = 17:00Z.
        Assert.Equal(I("2026-06-16T01:00:00Z"), calendar.AddBusinessTime(I("2026-06-15T17:00:00Z"), Duration.FromHours(8)));
        Assert.Equal(Duration.FromHours(8), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-17T00:00:00Z")));
    }

    [Fact]
    public void BusinessTimeBetween_OverlappingIntervals_AreUnioned()
    {
        var calendar = new BusinessCalendarBuilder(DateTimeZone.Utc).SetHours(IsoDayOfWeek.Monday, "09:00-12:00", "11:00-14:00", "22:00-03:00")
            .SetHours(IsoDayOfWeek.Tuesday, "01:00-04:00").Build();
        // Monday 2026-06-15: 09-14 (5 h) + 22:00 to Tuesday 04:00 (6 h).
        Assert.Equal(Duration.FromHours(11), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-17T00:00:00Z")));
    }

    [Fact]
    public void AddBusinessTime_Versions_JudgeEachInstantByTheVersionInForce()
    {
        var calendar = BusinessCalendar.FromJson("""
            { "versions": [
              { "effectiveFrom": null, "calendar": { "timeZone": "UTC", "weekly": { "monday": ["09:00-17:00"] } } },
              { "effectiveFrom": "2026-06-15T12:00:00Z", "calendar": { "timeZone": "America/New_York", "weekly": { "monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"] } } } ] }
            """);

        // Monday 09:00-12:00Z under the first version, then 13:00-21:00Z (New York 09-17) from noon on.
        Assert.Equal(Duration.FromHours(11), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-16T00:00:00Z")));
        Assert.Equal(Duration.FromHours(3), calendar.BusinessTimeBetween(I("2026-06-08T00:00:00Z"), I("2026-06-08T12:00:00Z")) - Duration.FromHours(0));
        Assert.Equal(I("2026-06-16T14:00:00Z"), calendar.AddBusinessTime(I("2026-06-15T10:00:00Z"), Duration.FromHours(11)));
    }

    [Fact]
    public void AddBusinessTime_FirstVersionEffectiveLater_IsClosedBefore()
    {
        var calendar = BusinessCalendar.FromJson("""{ "versions": [ { "effectiveFrom": "2026-06-15T10:00:00Z", "calendar": { "timeZone": "UTC", "weekly": { "monday": ["09:00-17:00"] } } } ] }""");
        Assert.Equal(Duration.FromHours(7), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-16T00:00:00Z")));
        Assert.Equal(Duration.Zero, calendar.BusinessTimeBetween(I("2026-06-08T00:00:00Z"), I("2026-06-09T00:00:00Z")));
    }

    [Fact]
    public void AddBusinessTime_BuilderVersions_FollowEachOther()
    {
        var later = new BusinessCalendarBuilder(DateTimeZone.Utc).SetWeekdayHours("10:00-11:00").Build();
        var calendar = new BusinessCalendarBuilder(DateTimeZone.Utc).SetWeekdayHours("09:00-17:00")
            .AddVersion(I("2026-06-16T00:00:00Z"), later).AddVersion(I("2026-06-17T00:00:00Z"), BusinessCalendar.AlwaysOpen).Build();
        Assert.Equal(Duration.FromHours(8 + 1 + 24), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-18T00:00:00Z")));
    }

    [Fact]
    public void AddBusinessTime_NoBusinessTimeLeft_ReturnsNullPromptly()
    {
        Instant start = I("2026-06-15T00:00:00Z");
        Assert.Null(new BusinessCalendarBuilder("Europe/London").Build().AddBusinessTime(start, Duration.FromMinutes(1)));
        Assert.Null(BusinessCalendar.FromJson("""{ "timeZone": "Europe/London", "weekly": { "monday": [] } }""").AddBusinessTime(start, Duration.FromHours(1)));

        // Open until a version with no hours takes over: the remaining hours are not enough.
        var ending = BusinessCalendar.FromJson("""
            { "versions": [ { "effectiveFrom": null, "calendar": { "timeZone": "Europe/London", "weekly": { "monday": ["09:00-17:00"] } } },
                            { "effectiveFrom": "2026-07-01T00:00:00Z", "calendar": { "timeZone": "Europe/London" } } ] }
            """);
        Assert.Null(ending.AddBusinessTime(start, Duration.FromHours(100)));
        Assert.Equal(I("2026-06-29T16:00:00Z"), ending.AddBusinessTime(start, Duration.FromHours(24)));

        // Only exceptions can open a date: past the last one there is nothing.
        var exceptionsOnly = BusinessCalendar.FromJson("""{ "timeZone": "UTC", "exceptions": { "2030-01-02": ["09:00-10:00"] } }""");
        Assert.Equal(I("2030-01-02T10:00:00Z"), exceptionsOnly.AddBusinessTime(start, Duration.FromHours(1)));
        Assert.Null(exceptionsOnly.AddBusinessTime(start, Duration.FromHours(2)));
    }

    [Fact]
    public void AddBusinessTime_ZeroDuration_ReturnsStartEvenWhenClosedOrPaused()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        Instant sunday = I("2026-06-14T03:00:00Z");
        Assert.Equal(sunday, calendar.AddBusinessTime(sunday, Duration.Zero));
        Assert.Equal(sunday, calendar.AddBusinessTime(sunday, Duration.Zero, [new Interval(sunday - Duration.FromHours(1), null)]));
    }

    [Fact]
    public void AddBusinessTime_OpenPauseBeforeTarget_ReturnsNull()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        Instant start = I("2026-06-15T13:00:00Z");
        Assert.Null(calendar.AddBusinessTime(start, Duration.FromHours(4), [new Interval(I("2026-06-15T16:00:00Z"), null)]));
        Assert.Null(calendar.AddBusinessTime(start, Duration.FromHours(4), [new Interval(I("2026-06-10T16:00:00Z"), null)]));
        // An open pause that begins exactly when the target is reached, or later, does not matter.
        Assert.Equal(I("2026-06-15T17:00:00Z"), calendar.AddBusinessTime(start, Duration.FromHours(4), [new Interval(I("2026-06-15T17:00:00Z"), null)]));
        // Closed at night: an open pause from 22:00Z starts after the closing time at which the target is met.
        Assert.Equal(I("2026-06-15T21:00:00Z"), calendar.AddBusinessTime(start, Duration.FromHours(8), [new Interval(I("2026-06-15T22:00:00Z"), null)]));
    }

    [Fact]
    public void BusinessTimeBetween_OverlappingUnsortedPauses_AreUnionedAndExcluded()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        var pauses = new List<Interval>
        {
            new(I("2026-06-15T15:00:00Z"), I("2026-06-15T16:00:00Z")),
            new(I("2026-06-15T14:00:00Z"), I("2026-06-15T15:30:00Z")),
            new(null, I("2026-06-15T13:30:00Z")),
            new(I("2026-06-15T20:00:00Z"), null),
        };
        // Open 13:00-21:00Z; paused until 13:30, 14:00-16:00 and from 20:00.
        Assert.Equal(Duration.FromHours(4.5), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-16T00:00:00Z"), pauses));
        Assert.Equal(Duration.FromHours(8), calendar.BusinessTimeBetween(I("2026-06-15T00:00:00Z"), I("2026-06-16T00:00:00Z"), []));
    }

    [Fact]
    public void AddBusinessTime_ManyPauses_AreAllExcluded()
    {
        var calendar = BusinessCalendar.FromJson(NewYorkNineToFive);
        Instant open = I("2026-06-15T13:00:00Z");
        var pauses = Enumerable.Range(0, 40).Select(i => new Interval(open + Duration.FromMinutes(10 * i), open + Duration.FromMinutes(10 * i + 1))).Reverse().ToList();
        Assert.Equal(Duration.FromHours(8) - Duration.FromMinutes(40), calendar.BusinessTimeBetween(open, open + Duration.FromDays(1), pauses));
        Assert.Equal(I("2026-06-15T21:00:00Z"), calendar.AddBusinessTime(open, Duration.FromHours(8) - Duration.FromMinutes(40), pauses));
    }

    [Fact]
    public void AddBusinessTime_NegativeDuration_Throws()
    {
        var calendar = BusinessCalendar.AlwaysOpen;
        Assert.Throws<ArgumentOutOfRangeException>("duration", () => calendar.AddBusinessTime(LongBefore, Duration.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>("duration", () => calendar.AddBusinessTime(LongBefore, Duration.FromTicks(-1), []));
        Assert.Throws<ArgumentNullException>("pauses", () => calendar.AddBusinessTime(LongBefore, Duration.FromTicks(1), null!));
    }

    [Fact]
    public void BusinessTimeBetween_EndBeforeStart_Throws()
    {
        var calendar = BusinessCalendar.AlwaysOpen;
        Assert.Throws<ArgumentOutOfRangeException>("to", () => calendar.BusinessTimeBetween(LongBefore, LongBefore - Duration.FromTicks(1)));
        Assert.Throws<ArgumentOutOfRangeException>("to", () => calendar.BusinessTimeBetween(LongBefore, LongBefore - Duration.FromTicks(1), []));
        Assert.Equal(Duration.Zero, calendar.BusinessTimeBetween(LongBefore, LongBefore));
    }

    [Fact]
    public void AddBusinessTime_ManyYears_SkipsWholeYearsByTheirTotals()
    {
        var calendar = new BusinessCalendarBuilder("Europe/London").SetWeekdayHours("09:00-17:00").Build();
        Instant start = I("2026-06-15T08:00:00Z");
        Instant? due = calendar.AddBusinessTime(start, Duration.FromHours(8 * 261 * 30));
        Assert.NotNull(due);
        Assert.Equal(Duration.FromHours(8 * 261 * 30), calendar.BusinessTimeBetween(start, due.Value));
    }

    [Fact]
    public void AddBusinessTime_TableBuilt_AllocatesNothing()
    {
        var calendar = new BusinessCalendarBuilder("Europe/London").SetWeekdayHours("09:00-12:30", "13:30-17:30").AddHoliday(new LocalDate(2026, 12, 25)).Build();
        Instant start = I("2026-03-27T15:00:00Z");
        IReadOnlyList<Interval> none = [];
        Interval[] pauses = [new(start + Duration.FromHours(1), start + Duration.FromHours(2)), new(start, start + Duration.FromMinutes(30))];
        _ = calendar.AddBusinessTime(start, Duration.FromHours(20), pauses);
        _ = calendar.AddBusinessTime(start, Duration.FromHours(20));
        _ = calendar.BusinessTimeBetween(start, start + Duration.FromDays(3));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Instant? due = calendar.AddBusinessTime(start, Duration.FromHours(20));
        due = calendar.AddBusinessTime(start, Duration.FromHours(20), none);
        Duration elapsed = calendar.BusinessTimeBetween(start, start + Duration.FromDays(3));
        elapsed += calendar.BusinessTimeBetween(start, start + Duration.FromDays(3), none);
        due = calendar.AddBusinessTime(start, Duration.FromHours(20), pauses);
        elapsed += calendar.BusinessTimeBetween(start, start + Duration.FromDays(3), pauses);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotNull(due);
        Assert.True(elapsed > Duration.Zero);
    }

    [Fact]
    public void ToJson_Versions_RoundTripsToAnEquivalentCalendar()
    {
        const string Json = """
            { "versions": [
              { "effectiveFrom": null, "calendar": { "timeZone": "Europe/London", "weekly": { "Monday": ["09:00-12:30", "13:30-17:30"], "friday": ["22:00-06:00"], "sunday": ["00:00-24:00"] },
                "holidays": ["2026-12-25"], "exceptions": { "2026-12-24": ["09:00-12:00:30"], "2026-12-31": [] } } },
              { "effectiveFrom": "2027-07-01T04:00:00Z", "calendar": { "timeZone": "America/New_York", "weekly": { "tuesday": ["09:00-17:00"] } } } ] }
            """;
        var calendar = BusinessCalendar.FromJson(Json);
        string written = calendar.ToJson();
        var reread = BusinessCalendar.FromJson(written);

        Assert.Equal(written, reread.ToJson());
        Assert.Contains("\"22:00-06:00\"", written, StringComparison.Ordinal);
        Assert.Contains("\"00:00-24:00\"", written, StringComparison.Ordinal);
        Assert.Contains("\"09:00-12:00:30\"", written, StringComparison.Ordinal);
        Assert.Contains("\"effectiveFrom\": \"2027-07-01T04:00:00Z\"", written, StringComparison.Ordinal);
        Instant from = I("2026-06-01T00:00:00Z"), to = I("2028-06-01T00:00:00Z");
        Assert.Equal(calendar.BusinessTimeBetween(from, to), reread.BusinessTimeBetween(from, to));
    }

    [Fact]
    public void ToJson_SingleCalendar_WritesTheSingleShape()
    {
        string json = BusinessCalendar.FromJson(NewYorkNineToFive).ToJson();
        Assert.StartsWith("{\n  \"timeZone\": \"America/New_York\"", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("versions", json, StringComparison.Ordinal);
    }
}
