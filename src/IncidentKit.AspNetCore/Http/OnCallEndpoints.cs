using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IncidentKit.Authorization;
using IncidentKit.OnCall;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Calendar = Ical.Net.Calendar;
using Duration = NodaTime.Duration;
using NodaTime.Text;

namespace IncidentKit.AspNetCore.Http;

// /api/oncall: who is on call now per schedule, the next handoffs, and an iCalendar feed of shifts (per schedule, or per
// user across schedules) that calendar apps subscribe to.
internal static class OnCallEndpoints
{
    private const int Handoffs = 5;

    public static RouteGroupBuilder MapOnCall(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/oncall").WithTags("On call");
        group.MapGet("/", List).WithName("ListOnCall").WithSummary("Returns who is on call now in every schedule.");
        group.MapGet("/{schedule}.ics", Feed).WithName("OnCallFeed").WithSummary("Returns a schedule's shifts as an iCalendar feed, optionally for one user.");
        group.MapGet("/users/{user}.ics", UserFeed).WithName("OnCallUserFeed").WithSummary("Returns one user's shifts across all schedules as an iCalendar feed.");
        group.MapGet("/{schedule}", Get).WithName("GetOnCall").WithSummary("Returns who is on call in a schedule at an instant, and the next handoffs.");
        return group;
    }

    private static Ok<OnCallList> List(HttpContext context, IncidentApi api, OnCallRoster roster)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var now = api.Clock.GetCurrentInstant();
        return TypedResults.Ok(new OnCallList(now, [.. VisibleTo(api, roster, actor.Tenant).OrderBy(s => s.Id.Value, StringComparer.Ordinal).Select(s => Describe(s, now))]));
    }

    private static Results<Ok<OnCallResource>, ProblemHttpResult> Get(HttpContext context, IncidentApi api, OnCallRoster roster, string schedule, [FromQuery, WireText(typeof(Instant))] string? at)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var when = at is null ? api.Clock.GetCurrentInstant() : ParseInstant(at, "at");
        return TypedResults.Ok(Describe(Find(api, roster, actor.Tenant, schedule), when));
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Feed(HttpContext context, IncidentApi api, OnCallRoster roster, string schedule,
        [FromQuery] string? user, [FromQuery] int? days)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var s = Find(api, roster, actor.Tenant, schedule);
        UserId? only = user is null ? null : new UserId(user);
        var (from, to) = Window(api, days);
        return Calendar($"{s.Id}", [.. s.ShiftsBetween(from, to).Where(x => only is not { } u || x.Users.Contains(u)).Select(x => (s, x))]);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> UserFeed(HttpContext context, IncidentApi api, OnCallRoster roster, string user, [FromQuery] int? days)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        return ShiftsOf(api, roster, actor.Tenant, new UserId(user), days);
    }

    // One user's shifts across the schedules their tenant sees (shared with the token feed in CalendarFeedEndpoints).
    internal static FileContentHttpResult ShiftsOf(IncidentApi api, OnCallRoster roster, TenantId tenant, UserId who, int? days)
    {
        var (from, to) = Window(api, days);
        var shifts = VisibleTo(api, roster, tenant).SelectMany(s => s.ShiftsBetween(from, to).Where(x => x.Users.Contains(who)).Select(x => (s, x)));
        return Calendar($"{who} on call", [.. shifts]);
    }

    // A schedule mapped to a tenant is that tenant's alone; an unmapped one is host-wide.
    private static IEnumerable<OnCallSchedule> VisibleTo(IncidentApi api, OnCallRoster roster, TenantId tenant) =>
        roster.Schedules.Values.Where(s => IsVisible(api, s.Id, tenant));

    private static bool IsVisible(IncidentApi api, ScheduleId schedule, TenantId tenant) =>
        !api.Options.ScheduleTenants.TryGetValue(schedule.Value, out var owner) || owner == tenant;

    private static (Instant From, Instant To) Window(IncidentApi api, int? days)
    {
        var span = days ?? 56;
        if (span is < 1 or > 366)
        {
            throw ApiProblemException.BadField("days", "days must be 1 to 366.");
        }

        var now = api.Clock.GetCurrentInstant();
        return (now - Duration.FromDays(7), now + Duration.FromDays(span));
    }

    private static FileContentHttpResult Calendar(string name, IReadOnlyList<(OnCallSchedule Schedule, OnCallShift Shift)> shifts)
    {
        var calendar = new Calendar { ProductId = "-//IncidentKit//On call//EN" };
        calendar.AddProperty("X-WR-CALNAME", name);
        foreach (var (schedule, shift) in shifts)
        {
            var start = shift.Interval.Start.ToDateTimeUtc();
            var end = shift.Interval.End.ToDateTimeUtc();
            calendar.Events.Add(new CalendarEvent
            {
                // Stable per schedule, shift start and people, so a calendar app updates rather than duplicates on refresh.
                Uid = string.Create(CultureInfo.InvariantCulture, $"{schedule.Id}-{shift.Interval.Start.ToUnixTimeSeconds()}-{string.Join('+', shift.Users)}@incidentkit"),
                Summary = $"On call: {string.Join(", ", shift.Users)} ({schedule.Id})",
                Description = $"Schedule {schedule.Id}, from {shift.Source}.",
                DtStart = new CalDateTime(start),
                DtEnd = new CalDateTime(end),
            });
        }

        var text = new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8", $"{name}.ics");
    }

    private static OnCallResource Describe(OnCallSchedule schedule, Instant at)
    {
        var shifts = schedule.ShiftsBetween(at, at + Duration.FromDays(30));
        var next = shifts.Where(x => x.Interval.Start > at).Take(Handoffs)
            .Select(x => new HandoffResource(x.Interval.Start, x.Interval.HasEnd ? x.Interval.End : null, [.. x.Users], x.Source.ToString() ?? string.Empty));
        return new OnCallResource(schedule.Id.Value, at, [.. schedule.WhoIsOnCall(at)], [.. next]);
    }

    // Another tenant's schedule is answered as if it did not exist (404, never 403: no existence leak).
    private static OnCallSchedule Find(IncidentApi api, OnCallRoster roster, TenantId tenant, string schedule) =>
        !string.IsNullOrWhiteSpace(schedule) && schedule.Length <= 256 && roster.TryGetSchedule(new ScheduleId(schedule), out var s) && IsVisible(api, s.Id, tenant)
            ? s
            : throw ApiProblemException.NotFound($"There is no schedule '{schedule}'.");

    private static Instant ParseInstant(string text, string field)
    {
        var result = InstantPattern.ExtendedIso.Parse(text);
        return result.Success ? result.Value : throw ApiProblemException.BadField(field, $"'{text}' is not an ISO-8601 UTC instant such as 2026-06-15T14:00:00Z.");
    }
}
