using IncidentKit.Calendars;
using NodaTime;

namespace IncidentKit.Tests.Calendars;

public class CalendarFormatTests
{
    [Theory]
    [InlineData("""{ "timeZone": "Mars/Olympus_Mons" }""", "$.timeZone: unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("""{ "weekly": {} }""", "$.timeZone: required")]
    [InlineData("""{ "timeZone": 3 }""", "$.timeZone: expected a string")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "monday": ["09:00-12:00", "17:00-17:00"] } }""", "$.weekly.monday[1]: '17:00-17:00' is invalid: the end equals the start")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": ["09:00-25:00"] } }""", "$.weekly.tuesday[0]: '09:00-25:00' is invalid: hour 25 in '25:00' is out of range")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": ["24:00-02:00"] } }""", "$.weekly.tuesday[0]: '24:00-02:00' is invalid: a start of 24:00 is not allowed")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": ["09:60-10:00"] } }""", "$.weekly.tuesday[0]: '09:60-10:00' is invalid: '09:60' has minutes or seconds out of range")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": ["9-17"] } }""", "$.weekly.tuesday[0]: '9-17' is invalid: '9' is not a time of day")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": ["09:00"] } }""", "$.weekly.tuesday[0]: '09:00' is not an interval")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": [9] } }""", "$.weekly.tuesday[0]: expected a string, found 9")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "tuesday": "09:00-17:00" } }""", "$.weekly.tuesday: expected an array of strings")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "funday": ["09:00-17:00"] } }""", "$.weekly.funday: unknown weekday 'funday' (expected one of monday, tuesday")]
    [InlineData("""{ "timeZone": "UTC", "weekly": { "monday": [], "Monday": [] } }""", "$.weekly.Monday: monday is given more than once")]
    [InlineData("""{ "timeZone": "UTC", "holidays": ["2026-02-30"] }""", "$.holidays[0]: '2026-02-30' is not a date")]
    [InlineData("""{ "timeZone": "UTC", "exceptions": { "24/12/2026": [] } }""", "$.exceptions.24/12/2026: '24/12/2026' is not a date")]
    [InlineData("""{ "timeZone": "UTC", "exceptions": { "2026-12-24": ["12:00-12:00"] } }""", "$.exceptions.2026-12-24[0]: '12:00-12:00' is invalid")]
    [InlineData("""{ "timeZone": "UTC", "weekdays": {} }""", "$.weekdays: unknown property (expected timeZone, weekly, holidays, exceptions, versions)")]
    [InlineData("""[1, 2]""", "$: expected a JSON object")]
    [InlineData("""{ "timeZone": "UTC", """, "$: malformed JSON at line 1")]
    [InlineData("""{ "versions": [] }""", "$.versions: expected a non-empty array")]
    [InlineData("""{ "versions": [ { "effectiveFrom": null, "calendar": { "timeZone": "UTC" } } ], "timeZone": "UTC" }""", "$.timeZone: not allowed beside \"versions\"")]
    [InlineData("""{ "versions": [ { "effectiveFrom": null, "calendar": { "timeZone": "UTC" } }, { "effectiveFrom": null, "calendar": { "timeZone": "UTC" } } ] }""", "$.versions[1].effectiveFrom: required; only the first version may have a null effectiveFrom")]
    [InlineData("""{ "versions": [ { "effectiveFrom": "2026-07-01T00:00:00Z", "calendar": { "timeZone": "UTC" } }, { "effectiveFrom": "2026-01-01T00:00:00Z", "calendar": { "timeZone": "UTC" } } ] }""", "$.versions[1].effectiveFrom: 2026-01-01T00:00:00Z is not after the previous version's 2026-07-01T00:00:00Z (versions must be in strictly increasing order and cannot overlap)")]
    [InlineData("""{ "versions": [ { "effectiveFrom": "2026-07-01T00:00:00Z", "calendar": { "timeZone": "UTC" } }, { "effectiveFrom": "2026-07-01T00:00:00Z", "calendar": { "timeZone": "UTC" } } ] }""", "$.versions[1].effectiveFrom: 2026-07-01T00:00:00Z is not after")]
    [InlineData("""{ "versions": [ { "effectiveFrom": "July", "calendar": { "timeZone": "UTC" } } ] }""", "$.versions[0].effectiveFrom: \"July\" is not an instant")]
    [InlineData("""{ "versions": [ { "effectiveFrom": null } ] }""", "$.versions[0].calendar: required")]
    [InlineData("""{ "versions": [ { "effectiveFrom": null, "calendar": { "timeZone": "Nowhere" } } ] }""", "$.versions[0].calendar.timeZone: unknown time zone 'Nowhere'")]
    [InlineData("""{ "versions": [ { "effectiveFrom": null, "calendar": { "timeZone": "UTC", "weekly": { "friday": ["25:00-26:00"] } } } ] }""", "$.versions[0].calendar.weekly.friday[0]: '25:00-26:00' is invalid")]
    public void FromJson_InvalidInput_ThrowsSayingWhereAndWhy(string json, string expected)
    {
        var ex = Assert.Throws<CalendarFormatException>(() => BusinessCalendar.FromJson(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void FromJson_SeveralProblems_ListsThemAll()
    {
        var ex = Assert.Throws<CalendarFormatException>(() => BusinessCalendar.FromJson(
            """{ "timeZone": "Nowhere", "weekly": { "monday": ["17:00-17:00"], "caturday": [] }, "holidays": ["soon"] }"""));
        Assert.Equal(4, ex.Problems.Count);
        Assert.Contains("(4 problems)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MalformedJson_KeepsTheParserException()
    {
        var ex = Assert.Throws<CalendarFormatException>(() => BusinessCalendar.FromJson("{ \"timeZone\": 'UTC' }"));
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public void FromJson_IssueShape_Parses()
    {
        var calendar = BusinessCalendar.FromJson("""
            { "timeZone": "Europe/London",
              "weekly": { "monday": ["09:00-12:30", "13:30-17:30"], "tuesday": ["09:00-17:00"], "friday": ["22:00-06:00"] },
              "holidays": ["2026-12-25", "2026-12-28"],
              "exceptions": { "2026-12-24": ["09:00-12:00"], "2026-12-31": [] } }
            """);
        // Week of Monday 2026-06-15 (BST): Monday 7.5 h, Tuesday 8 h, Friday night 8 h.
        Assert.Equal(Duration.FromHours(23.5), calendar.BusinessTimeBetween(Instant.FromUtc(2026, 6, 14, 0, 0), Instant.FromUtc(2026, 6, 21, 0, 0)));
    }

    [Fact]
    public void FromJson_ConfigurationStyle_AcceptsAnyCaseCommentsAndTrailingCommas()
    {
        var calendar = BusinessCalendar.FromJson("""
            { // bound from configuration
              "TimeZone": "UTC", "Weekly": { "MONDAY": ["09:00-10:00",], }, }
            """);
        Assert.Equal(Duration.FromHours(1), calendar.BusinessTimeBetween(Instant.FromUtc(2026, 6, 15, 0, 0), Instant.FromUtc(2026, 6, 16, 0, 0)));
    }

    [Fact]
    public void Build_InvalidInput_ListsEveryProblemWithItsLocation()
    {
        var builder = new BusinessCalendarBuilder("Nowhere/Special")
            .SetHours(IsoDayOfWeek.Monday, "09:00-17:00", "17:00-17:00")
            .SetException(new LocalDate(2026, 12, 24), "25:00-26:00")
            .AddVersion(Instant.FromUtc(2026, 7, 1, 0, 0), BusinessCalendar.AlwaysOpen)
            .AddVersion(Instant.FromUtc(2026, 1, 1, 0, 0), BusinessCalendar.AlwaysOpen);

        var ex = Assert.Throws<CalendarFormatException>(builder.Build);
        Assert.Collection(ex.Problems,
            p => Assert.StartsWith("timeZone: unknown time zone 'Nowhere/Special'", p, StringComparison.Ordinal),
            p => Assert.StartsWith("weekly.monday[1]: '17:00-17:00' is invalid", p, StringComparison.Ordinal),
            p => Assert.StartsWith("exceptions.2026-12-24[0]: '25:00-26:00' is invalid", p, StringComparison.Ordinal),
            p => Assert.StartsWith("versions[1].effectiveFrom: 2026-01-01T00:00:00Z is not after the previous version's 2026-07-01T00:00:00Z", p, StringComparison.Ordinal));
    }

    [Fact]
    public void SetHours_NotAWeekday_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>("day", () => new BusinessCalendarBuilder(DateTimeZone.Utc).SetHours(IsoDayOfWeek.None, "09:00-17:00"));
    }

    [Fact]
    public void Build_HolidayOnSkippedMidnight_StartsAtTheTransition()
    {
        // Havana skips 2026-03-08 00:00-01:00: the holiday runs from the transition (05:00Z) to the next midnight (04:00Z).
        var calendar = new BusinessCalendarBuilder("America/Havana").SetHours(IsoDayOfWeek.Saturday, "00:00-24:00")
            .SetHours(IsoDayOfWeek.Sunday, "00:00-24:00").SetHours(IsoDayOfWeek.Monday, "00:00-24:00")
            .AddHoliday(new LocalDate(2026, 3, 8)).Build();
        Instant from = Instant.FromUtc(2026, 3, 7, 5, 0), to = Instant.FromUtc(2026, 3, 10, 4, 0);
        Assert.Equal(to - from - Duration.FromHours(23), calendar.BusinessTimeBetween(from, to));
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 5, 0), calendar.AddBusinessTime(from, Duration.FromHours(24)));
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 4, 0) + Duration.FromTicks(1), calendar.AddBusinessTime(from, Duration.FromHours(24) + Duration.FromTicks(1)));
    }
}
