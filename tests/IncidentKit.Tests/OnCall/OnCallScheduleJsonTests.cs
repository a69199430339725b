using IncidentKit.OnCall;
using NodaTime;
using static IncidentKit.Tests.OnCall.OnCallTestData;

namespace IncidentKit.Tests.OnCall;

public sealed class OnCallScheduleJsonTests
{
    private static readonly UserId Grace = new("grace");

    // Two layers (a daily rotation under a weekday business-hours layer), an override and a temporary schedule, around the
    // 29 March 2026 spring-forward in London; comments, trailing commas and odd casing are part of the input on purpose.
    private const string DbaPrimary = """
        {
          // the DBA primary rotation
          "id": "dba-primary",
          "TimeZone": "Europe/London",
          "layers": [
            { "name": "daily", "participants": ["alice", "grace"], "start": "2026-03-23T09:00", "turn": "1d" },
            {
              "name": "business",
              "participants": ["bob", "carol"],
              "start": "2026-03-23T09:00",
              "turn": "1w",
              "restrictions": [ { "days": "weekdays", "from": "09:00", "to": "17:00" }, { "days": ["Saturday"], "from": "10:00", "to": "12:00" } ],
              "end": null,
            },
            { "name": "nights", "participants": ["dave", "erin"], "start": "2026-03-23T21:00", "turn": "12h", "end": "2026-04-03T09:00",
              "restrictions": [ { "days": "daily", "from": "21:00", "to": "07:00" } ] },
          ],
          "overrides": [ { "start": "2026-03-28T18:00:00Z", "end": "2026-03-29T09:00:00Z", "onCall": "erin", "replacing": "grace" } ],
          "temporary": [ { "start": "2026-04-01T00:00:00Z", "end": "2026-04-01T06:00:00Z", "onCall": ["carol", "dave"] } ],
        }
        """;

    private static OnCallSchedule BuilderMade() =>
        new OnCallScheduleBuilder(new ScheduleId("dba-primary"), Zone("Europe/London"))
            .AddLayer("daily", [Alice, Grace], L("2026-03-23T09:00"), RotationLength.Days(1))
            .AddLayer("business", [Bob, Carol], L("2026-03-23T09:00"), RotationLength.Weeks(1),
                [.. WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)), new WeeklyWindow(IsoDayOfWeek.Saturday, new LocalTime(10, 0), new LocalTime(12, 0))])
            .AddLayer("nights", [Dave, Erin], L("2026-03-23T21:00"), RotationLength.Hours(12), WeeklyWindow.Daily(new LocalTime(21, 0), new LocalTime(7, 0)), L("2026-04-03T09:00"))
            .AddOverride(I("2026-03-28T18:00:00Z"), I("2026-03-29T09:00:00Z"), Erin, Grace)
            .AddTemporarySchedule(I("2026-04-01T00:00:00Z"), I("2026-04-01T06:00:00Z"), Carol, Dave)
            .Build();

    [Fact]
    public void FromJson_FullSchedule_AnswersLikeTheBuilderMadeScheduleAcrossDst()
    {
        var fromJson = OnCallSchedule.FromJson(DbaPrimary);
        var expected = BuilderMade();

        Assert.Equal(expected.Id, fromJson.Id);
        Assert.Equal(expected.Zone, fromJson.Zone);
        for (var at = I("2026-03-20T00:00:00Z"); at < I("2026-04-06T00:00:00Z"); at += Duration.FromMinutes(15))
        {
            Assert.Equal(expected.WhoIsOnCall(at), fromJson.WhoIsOnCall(at));
        }

        static IEnumerable<string> Shifts(OnCallSchedule s) =>
            s.ShiftsBetween(I("2026-03-20T00:00:00Z"), I("2026-04-06T00:00:00Z")).Select(x => $"{x.Interval} {string.Join(",", x.Users)} {x.Source}");
        Assert.Equal(Shifts(expected), Shifts(fromJson));
        // Spot checks so the comparison cannot pass on two equally wrong schedules.
        Assert.Equal([Erin], fromJson.WhoIsOnCall(I("2026-03-28T20:00:00Z")));
        Assert.Equal([Carol], fromJson.WhoIsOnCall(I("2026-03-30T08:30:00Z")));
        Assert.Equal([Dave], fromJson.WhoIsOnCall(I("2026-03-31T04:00:00Z")));
        Assert.Equal([Carol, Dave], fromJson.WhoIsOnCall(I("2026-04-01T03:00:00Z")));
    }

    [Fact]
    public void FromJson_ConfigurationFlattenedValues_AreReadAsLeftOutOrText()
    {
        // Configuration turns a null into "" and numbers into text; the reader accepts both shapes.
        var schedule = OnCallSchedule.FromJson("""
            { "id": "ops", "timeZone": "UTC", "layers": [ { "name": "l", "participants": [1001, "1002"], "start": "2026-01-05T00:00:00",
              "turn": "1w", "restrictions": "", "end": "" } ], "overrides": [] }
            """);

        Assert.Equal([new UserId("1001")], schedule.WhoIsOnCall(I("2026-01-05T01:00:00Z")));
        Assert.Equal([new UserId("1002")], schedule.WhoIsOnCall(I("2026-01-12T01:00:00Z")));
    }

    [Fact]
    public void FromJson_RestrictionToMidnight_CoversTheEveningUntilTheNextDay()
    {
        var schedule = OnCallSchedule.FromJson("""
            { "id": "evening", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["alice"], "start": "2026-01-05T00:00", "turn": "1d",
              "restrictions": [ { "days": "daily", "from": "18:00", "to": "24:00" } ] } ] }
            """);

        Assert.Equal([Alice], schedule.WhoIsOnCall(I("2026-01-06T23:59:00Z")));
        Assert.Empty(schedule.WhoIsOnCall(I("2026-01-07T00:00:00Z")));
        Assert.Empty(schedule.WhoIsOnCall(I("2026-01-07T17:59:00Z")));
    }

    [Theory]
    [InlineData("""[]""", "$: expected a schedule object")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [], "color": "red" }""", "$.color: unknown property")]
    [InlineData("""{ "timeZone": "UTC" }""", "$.id: required")]
    [InlineData("""{ "id": "x" }""", "$.timeZone: required")]
    [InlineData("""{ "id": "x", "timeZone": "Mars/Olympus" }""", "$.timeZone: unknown time zone 'Mars/Olympus'")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": {} }""", "$.layers: expected an array of layers")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d" } ] }""", "$.layers[0].name: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "start": "2026-01-05T00:00", "turn": "1d" } ] }""", "$.layers[0].participants: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a", true], "start": "2026-01-05T00:00", "turn": "1d" } ] }""", "$.layers[0].participants[1]: expected a user id, found true")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00Z", "turn": "1d" } ] }""", "$.layers[0].start: \"2026-01-05T00:00Z\" is not a local date-time")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "turn": "1d" } ] }""", "$.layers[0].start: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "3m" } ] }""", "$.layers[0].turn: \"3m\" is not a turn length")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "0d" } ] }""", "$.layers[0].turn: \"0d\" is not a turn length")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "999w" } ] }""", "$.layers[0].turn: '999w' is too long")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00" } ] }""", "$.layers[0].turn: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "restrictions": [ { "days": "someday", "from": "09:00", "to": "17:00" } ] } ] }""", "$.layers[0].restrictions[0].days: unknown day 'someday'")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "restrictions": [ { "days": ["monday", "funday"], "from": "09:00", "to": "17:00" } ] } ] }""", "$.layers[0].restrictions[0].days[1]: unknown day 'funday'")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "restrictions": [ { "days": ["monday", "Monday"], "from": "09:00", "to": "17:00" } ] } ] }""", "$.layers[0].restrictions[0].days: a day is given more than once")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "restrictions": [ { "days": "weekdays", "from": "9am", "to": "17:00" } ] } ] }""", "$.layers[0].restrictions[0].from: \"9am\" is not a local time")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "restrictions": [ { "days": "weekdays", "from": "09:00" } ] } ] }""", "$.layers[0].restrictions[0].to: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "restrictions": [ { "day": "monday", "from": "09:00", "to": "10:00" } ] } ] }""", "$.layers[0].restrictions[0].day: unknown property")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d", "end": "2026-01-04T00:00" } ] }""", "$.layers[0] ('l'): the end 2026-01-04T00:00 must be after the rotation start")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ { "name": "l", "participants": ["a"], "start": "2026-01-05T00:00", "turn": "1d" }, { "name": "l", "participants": ["b"], "start": "2026-01-05T00:00", "turn": "1d" } ] }""", "$.layers[1] ('l'): another layer has the same name")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "overrides": [ { "start": "2026-01-05T00:00:00Z", "end": "2026-01-04T00:00:00Z", "onCall": "a" } ] }""", "$.overrides[0]: the end 2026-01-04T00:00:00Z must be after the start")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "overrides": [ { "start": "2026-01-05T00:00:00Z", "end": "2026-01-06T00:00:00Z", "onCall": "a", "replacing": "a" } ] }""", "$.overrides[0]: 'a' cannot replace themself")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "overrides": [ { "start": "tomorrow", "end": "2026-01-06T00:00:00Z", "onCall": "a" } ] }""", "$.overrides[0].start: \"tomorrow\" is not an instant")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "overrides": [ { "start": "2026-01-05T00:00:00Z", "end": "2026-01-06T00:00:00Z" } ] }""", "$.overrides[0].onCall: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "temporary": [ { "start": "2026-01-05T00:00:00Z", "end": "2026-01-06T00:00:00Z", "onCall": [] } ] }""", "$.temporary[0].onCall: required")]
    [InlineData("""{ "id": "x", "timeZone": "UTC", "layers": [ """, "$: malformed JSON")]
    public void FromJson_InvalidInput_ThrowsNamingThePath(string json, string expected)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => OnCallSchedule.FromJson(json));

        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_SeveralProblems_ListsEveryOneOnce()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => OnCallSchedule.FromJson("""
            { "id": "x", "timeZone": "Nowhere/Land", "layers": [
                { "name": "a", "participants": [], "start": "2026-01-05", "turn": "1y" },
                { "name": "b", "participants": ["b"], "start": "2026-01-05T00:00", "turn": "1d", "extra": 1 } ],
              "overrides": [ { "start": "2026-01-05T00:00:00Z", "end": "nope", "onCall": "c" } ] }
            """));

        Assert.Equal(
        [
            "$.timeZone: unknown time zone 'Nowhere/Land' (expected an IANA id such as \"Europe/London\").",
            "$.layers[0].participants",
            "$.layers[0].start",
            "$.layers[0].turn",
            "$.layers[1].extra",
            "$.overrides[0].end",
        ], ex.Errors.Select((e, i) => i == 0 ? e : e[..e.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void FromJson_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => OnCallSchedule.FromJson(null!));

    [Fact]
    public void RosterFromJson_TwoSchedules_ResolvesEachById()
    {
        var roster = OnCallRoster.FromJson($$"""
            { "schedules": [ {{DbaPrimary}}, { "id": "network", "timeZone": "America/New_York",
              "layers": [ { "name": "week", "participants": ["carol"], "start": "2026-01-05T09:00", "turn": "1w" } ] } ] }
            """);

        Assert.Equal(["dba-primary", "network"], roster.Schedules.Keys.Order());
        Assert.True(roster.TryGetOnCall("network", I("2026-03-30T12:00:00Z"), out var users));
        Assert.Equal([Carol], users);
        Assert.True(roster.TryGetOnCall("dba-primary", I("2026-03-28T20:00:00Z"), out users));
        Assert.Equal([Erin], users);
    }

    [Fact]
    public void RosterFromJson_BareArrayWithDuplicateIdsAndABadSchedule_ListsEveryProblem()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => OnCallRoster.FromJson("""
            [ { "id": "a", "timeZone": "UTC" }, { "id": "a", "timeZone": "UTC" }, { "id": "b", "timeZone": "Bad/Zone" } ]
            """));

        Assert.Equal(
        [
            "$[1].id: 'a' is already the id of $[0]; schedule ids are unique.",
            "$[2].timeZone: unknown time zone 'Bad/Zone' (expected an IANA id such as \"Europe/London\").",
        ], ex.Errors);
    }
}
