using IncidentKit.Calendars;
using IncidentKit.Prioritization;
using IncidentKit.Reporting.Reviews;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Reporting.Reviews;

public sealed class ReviewDueRuleTests
{
    // Monday to Friday 09:00-17:00 in London, Good Friday 2026 (3 April) a holiday; BST starts on Sunday 29 March 2026.
    private static readonly BusinessCalendar London = new BusinessCalendarBuilder("Europe/London")
        .SetWeekdayHours("09:00-17:00").AddHoliday(new LocalDate(2026, 4, 3)).Build();

    [Fact]
    public void DueAt_DefaultP1_IsThreeCalendarDaysAfterResolution()
    {
        Assert.Equal(T0 + Duration.FromDays(3), ReviewDueRule.Default.DueAt(Priority.P1, T0, London));
    }

    [Fact]
    public void DueAt_DefaultP2AcrossDstAndHoliday_EndsTheFifthBusinessDay()
    {
        // Resolved Friday 27 March 17:30 GMT. Business days: Mon 30, Tue 31, Wed 1, Thu 2, (Good Friday off), Mon 6 April.
        var resolved = Instant.FromUtc(2026, 3, 27, 17, 30);

        var due = ReviewDueRule.Default.DueAt(Priority.P2, resolved, London);

        // The end of Monday 6 April in London: midnight BST, 23:00 UTC.
        Assert.Equal(Instant.FromUtc(2026, 4, 6, 23, 0), due);
    }

    [Fact]
    public void DueAt_PriorityWithoutDeadline_IsNull()
    {
        Assert.Null(ReviewDueRule.Default.DueAt(Priority.P3, T0, London));
        Assert.Null(ReviewDueRule.Default.WithoutDeadline(Priority.P1).DueAt(Priority.P1, T0, London));
        Assert.Equal(T0 + Duration.FromDays(1), ReviewDueRule.None.WithDeadline(Priority.P3, ReviewDeadline.CalendarDays(1)).DueAt(Priority.P3, T0, London));
    }

    [Fact]
    public void Deadline_OutOfRangeOrUnset_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReviewDeadline.CalendarDays(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReviewDeadline.BusinessDaysAfter(367));
        Assert.Equal("deadline", Assert.Throws<ArgumentException>(() => ReviewDueRule.None.WithDeadline(Priority.P1, default)).ParamName);
    }

    [Fact]
    public void BusinessDaysAdd_ClosedCalendar_ThrowsInsteadOfLooping()
    {
        var closed = new BusinessCalendarBuilder("UTC").Build();

        var e = Assert.Throws<ArgumentException>(() => BusinessDays.Add(closed, T0, 1));
        Assert.Equal("calendar", e.ParamName);
    }

    [Fact]
    public void ActionItemPlan_OneBusinessDayAfterFridayAfternoon_IsDueMondayAndOverdueFromTuesday()
    {
        var friday = Instant.FromUtc(2026, 3, 27, 15, 0);

        var item = ActionItem.Plan(Guid.NewGuid(), "Add an expiry alert", Bob, friday, 1, London, new Uri("https://tracker.example/T-1"));

        Assert.Equal(new LocalDate(2026, 3, 30), item.DueOn);
        Assert.Equal(Instant.FromUtc(2026, 3, 30, 23, 0), item.DueAt);
        Assert.False(item.IsOverdueAt(item.DueAt - Duration.Epsilon));
        Assert.True(item.IsOverdueAt(item.DueAt));
        Assert.False((item with { Status = ActionItemStatus.Done }).IsOverdueAt(item.DueAt));
    }

    [Fact]
    public void ActionItem_BadTicketOrTitle_ThrowsNamingTheField()
    {
        Assert.Equal("ticket", Assert.Throws<ArgumentException>(() => ActionItem.Plan(Guid.NewGuid(), "x", Bob, T0, 1, London, new Uri("ftp://x/y"))).ParamName);
        Assert.Equal("ticket", Assert.Throws<ArgumentException>(() => ActionItem.Plan(Guid.NewGuid(), "x", Bob, T0, 1, London, new Uri("/relative", UriKind.Relative))).ParamName);
        Assert.Equal("title", Assert.ThrowsAny<ArgumentException>(() => ActionItem.Plan(Guid.NewGuid(), "", Bob, T0, 1, London)).ParamName);
        Assert.Equal("status", Assert.Throws<ArgumentOutOfRangeException>(() => new ActionItem(Guid.NewGuid(), "x", Bob, default, T0, (ActionItemStatus)9, null)).ParamName);
    }
}
