using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

public sealed class MaintenanceWindowTests
{
    private static readonly TenantId Acme = new("acme");
    private static readonly UserId Ops = new("user:ops");
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly Dictionary<string, string> Db = new() { ["service"] = "db" };

    private static Instant Local(int y, int m, int d, int h, int min) => Berlin.AtLeniently(new LocalDateTime(y, m, d, h, min)).ToInstant();

    [Fact]
    public void ActiveUntil_OneOff_IsHalfOpen()
    {
        var start = Instant.FromUtc(2026, 6, 1, 10, 0);
        var w = MaintenanceWindow.Once("w", Acme, ["service=\"db\""], start, start + Duration.FromHours(1), Ops, "upgrade");

        Assert.Null(w.ActiveUntil(start - Duration.Epsilon));
        Assert.Equal(start + Duration.FromHours(1), w.ActiveUntil(start));
        Assert.Null(w.ActiveUntil(start + Duration.FromHours(1)));
        Assert.Equal((Ops, "upgrade"), (w.CreatedBy, w.Reason));
    }

    [Fact]
    public void ActiveUntil_WeeklyCrossingMidnight_CoversBothDays()
    {
        // Fridays 22:00 to 02:00 local.
        var w = MaintenanceWindow.Weekly("w", Acme, ["service=\"db\""], Berlin, [IsoDayOfWeek.Friday], new LocalTime(22, 0), new LocalTime(2, 0), Ops, "backups");

        Assert.Equal(Local(2026, 6, 6, 2, 0), w.ActiveUntil(Local(2026, 6, 5, 23, 30)));
        Assert.Equal(Local(2026, 6, 6, 2, 0), w.ActiveUntil(Local(2026, 6, 6, 1, 59)));
        Assert.Null(w.ActiveUntil(Local(2026, 6, 6, 2, 0)));
        Assert.Null(w.ActiveUntil(Local(2026, 6, 5, 21, 59)));
        Assert.Null(w.ActiveUntil(Local(2026, 6, 6, 23, 0)));
    }

    [Fact]
    public void ActiveUntil_SpringForwardNight_SkippedHourShortensWindow()
    {
        // 29 March 2026: Berlin jumps from 02:00 to 03:00. A Sunday 01:00-04:00 window lasts two hours that night.
        var w = MaintenanceWindow.Weekly("w", Acme, ["service=\"db\""], Berlin, [IsoDayOfWeek.Sunday], new LocalTime(1, 0), new LocalTime(4, 0), Ops, "patching");
        var start = Instant.FromUtc(2026, 3, 29, 0, 0);

        var end = w.ActiveUntil(start);

        Assert.Equal(Instant.FromUtc(2026, 3, 29, 2, 0), end);
        Assert.Equal(Duration.FromHours(2), end - start);
    }

    [Fact]
    public void ActiveUntil_FallBackNight_RepeatedHourLengthensWindow()
    {
        // 25 October 2026: Berlin goes back from 03:00 to 02:00. A Sunday 01:00-04:00 window lasts four hours that night.
        var w = MaintenanceWindow.Weekly("w", Acme, ["service=\"db\""], Berlin, [IsoDayOfWeek.Sunday], new LocalTime(1, 0), new LocalTime(4, 0), Ops, "patching");
        var start = Instant.FromUtc(2026, 10, 24, 23, 0);

        Assert.Equal(Duration.FromHours(4), w.ActiveUntil(start) - start);
    }

    [Fact]
    public void ActiveUntil_StartInSkippedHour_StartsAtFirstInstantAfterGap()
    {
        var w = MaintenanceWindow.Weekly("w", Acme, ["service=\"db\""], Berlin, [IsoDayOfWeek.Sunday], new LocalTime(2, 30), new LocalTime(5, 0), Ops, "patching");

        Assert.Null(w.ActiveUntil(Instant.FromUtc(2026, 3, 29, 0, 59)));
        Assert.NotNull(w.ActiveUntil(Instant.FromUtc(2026, 3, 29, 1, 0)));
    }

    [Fact]
    public void ActiveUntil_DaysOfMonthAndExpiry_LimitPeriods()
    {
        // Every weekday, but only on the 1st of the month, until July 2026.
        var w = MaintenanceWindow.Weekly("w", Acme, ["service=\"db\""], Berlin, Enum.GetValues<IsoDayOfWeek>().Skip(1), new LocalTime(9, 0), new LocalTime(10, 0), Ops, "monthly",
            daysOfMonth: [1], expiresAt: Local(2026, 7, 1, 0, 0));

        Assert.NotNull(w.ActiveUntil(Local(2026, 6, 1, 9, 30)));
        Assert.Null(w.ActiveUntil(Local(2026, 6, 2, 9, 30)));
        Assert.Null(w.ActiveUntil(Local(2026, 7, 1, 9, 30)));
    }

    [Fact]
    public void SilencedUntil_OverlappingAndChainedWindows_FollowsToTheLastEnd()
    {
        var t = Instant.FromUtc(2026, 6, 1, 10, 0);
        var set = new SilenceSet([
            MaintenanceWindow.Once("a", Acme, ["service=\"db\""], t, t + Duration.FromHours(1), Ops, "a"),
            MaintenanceWindow.Once("b", Acme, ["service=~\"d.\""], t + Duration.FromMinutes(30), t + Duration.FromHours(2), Ops, "b"),
            MaintenanceWindow.Once("c", Acme, ["service=\"db\""], t + Duration.FromHours(2), t + Duration.FromHours(3), Ops, "c"),
            MaintenanceWindow.Once("other-tenant", new TenantId("globex"), ["service=\"db\""], t, t + Duration.FromHours(9), Ops, "x"),
        ]);

        Assert.Equal(t + Duration.FromHours(3), set.SilencedUntil(Acme, Db, t));
        Assert.Equal("a", set.FindOrNull(Acme, Db, t)!.Id);
        Assert.Null(set.SilencedUntil(Acme, new Dictionary<string, string> { ["service"] = "web" }, t));
        Assert.Null(set.SilencedUntil(Acme, Db, t + Duration.FromHours(3)));
    }

    [Fact]
    public void Once_EmptyMatchersOrEndBeforeStart_Throws()
    {
        var t = Instant.FromUtc(2026, 6, 1, 10, 0);
        Assert.Throws<ArgumentException>(() => MaintenanceWindow.Once("w", Acme, [], t, t + Duration.FromHours(1), Ops, "r"));
        Assert.Throws<ArgumentException>(() => MaintenanceWindow.Once("w", Acme, ["a=\"b\""], t, t, Ops, "r"));
        Assert.Throws<ArgumentException>(() => MaintenanceWindow.Once("w", Acme, ["a=~\"(\""], t, t + Duration.FromHours(1), Ops, "r"));
    }
}
