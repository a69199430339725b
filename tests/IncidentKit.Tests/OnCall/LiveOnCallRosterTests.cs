using System.Text.Json;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Tests.OnCall;

public sealed class LiveOnCallRosterTests
{
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Bob = new("bob");
    private static readonly UserId Carol = new("carol");
    private static readonly ScheduleId Primary = new("primary");
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 9, 0);

    private static OnCallRoster Configured() => new([new OnCallScheduleBuilder(Primary, "UTC")
        .AddLayer("daily", [Alice, Bob], new LocalDateTime(2026, 3, 2, 9, 0), RotationLength.Days(1)).Build()]);

    private static OnCallAdjustment Cover(Instant start, Instant end, UserId onCall, UserId? replacing = null, ScheduleId? schedule = null) =>
        OnCallAdjustment.ForOverride(Guid.NewGuid(), schedule ?? Primary, new ScheduleOverride(new Interval(start, end), onCall, replacing), new UserId("lead"), Monday);

    [Fact]
    public void Apply_Override_AnswersWithItAndKeepsTheConfiguredRoster()
    {
        var live = new LiveOnCallRoster(Configured());

        live.Apply([Cover(Monday, Monday + Duration.FromHours(8), Carol, Alice)]);

        Assert.True(live.TryGetOnCall("primary", Monday + Duration.FromHours(1), out var users));
        Assert.Equal([Carol], users);
        Assert.Equal([Alice], live.Configured.Schedules["primary"].WhoIsOnCall(Monday + Duration.FromHours(1)));
        Assert.Single(live.Adjustments);
    }

    [Fact]
    public void Apply_LaterOverlappingOverride_Wins()
    {
        var live = new LiveOnCallRoster(Configured());

        live.Apply([Cover(Monday, Monday + Duration.FromHours(8), Carol), Cover(Monday, Monday + Duration.FromHours(8), Bob)]);

        Assert.True(live.TryGetOnCall("primary", Monday + Duration.FromHours(1), out var users));
        Assert.Equal([Bob], users);
    }

    [Fact]
    public void Apply_UnknownSchedule_SkipsItWithTheReasonAndAppliesTheRest()
    {
        var live = new LiveOnCallRoster(Configured());
        var stray = Cover(Monday, Monday + Duration.FromHours(8), Carol, schedule: new ScheduleId("gone"));
        var good = Cover(Monday, Monday + Duration.FromHours(8), Carol);

        live.Apply([stray, good]);

        var skipped = Assert.Single(live.Skipped);
        Assert.Same(stray, skipped.Adjustment);
        Assert.Contains("'gone'", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal([good], live.Adjustments);
    }

    [Fact]
    public void Apply_EmptyAfterChanges_ReturnsToTheConfiguredRotation()
    {
        var live = new LiveOnCallRoster(Configured());
        live.Apply([Cover(Monday, Monday + Duration.FromHours(8), Carol)]);

        live.Apply([]);

        Assert.True(live.TryGetOnCall("primary", Monday + Duration.FromHours(1), out var users));
        Assert.Equal([Alice], users);
    }

    [Fact]
    public void ForOverride_BadFields_ThrowNamingThem()
    {
        Assert.Equal("interval", Assert.Throws<ArgumentException>(() => Cover(Monday, Monday, Carol)).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => OnCallAdjustment.ForOverride(Guid.Empty, Primary,
            new ScheduleOverride(new Interval(Monday, Monday + Duration.FromHours(1)), Carol), new UserId("lead"), Monday)).ParamName);
        Assert.Equal("scheduleOverride", Assert.Throws<ArgumentException>(() => Cover(Monday, Monday + Duration.FromHours(1), Carol, Carol)).ParamName);
        Assert.Equal("note", Assert.Throws<ArgumentException>(() => OnCallAdjustment.ForOverride(Guid.NewGuid(), Primary,
            new ScheduleOverride(new Interval(Monday, Monday + Duration.FromHours(1)), Carol), new UserId("lead"), Monday, "bad\0note")).ParamName);
        Assert.Equal("shifts", Assert.Throws<ArgumentException>(() => OnCallAdjustment.ForTemporarySchedule(Guid.NewGuid(), Primary,
            new Interval(Monday, Monday + Duration.FromHours(1)), [new TemporaryShift(new Interval(Monday, Monday + Duration.FromHours(2)), [Carol])],
            new UserId("lead"), Monday)).ParamName);
    }

    [Fact]
    public void Serialize_ThenDeserialize_RoundTripsEveryKind()
    {
        var cover = OnCallAdjustment.ForOverride(Guid.NewGuid(), Primary, new ScheduleOverride(new Interval(Monday, Monday + Duration.FromHours(8)), Carol, Alice),
            new UserId("lead"), Monday, "alice is ill");
        var temporary = OnCallAdjustment.ForTemporarySchedule(Guid.NewGuid(), Primary, new Interval(Monday, Monday + Duration.FromDays(2)),
            [new TemporaryShift(new Interval(Monday, Monday + Duration.FromDays(1)), [Bob, Carol])], new UserId("lead"), Monday);

        foreach (var adjustment in new[] { cover, temporary })
        {
            var json = OnCallAdjustmentSerializer.Serialize(adjustment);
            Assert.Equal(json, OnCallAdjustmentSerializer.Serialize(OnCallAdjustmentSerializer.Deserialize(json)));
        }

        Assert.Throws<JsonException>(() => OnCallAdjustmentSerializer.Deserialize("""{ "kind": "holiday" }"""));
    }
}
