using IncidentKit;
using IncidentKit.Calendars;
using IncidentKit.Escalation;
using IncidentKit.Hosting;
using IncidentKit.OnCall;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Samples.Web;

/// <summary>Holds the demo desk's rules: SLA targets, a two-layer on-call schedule, two teams and an escalation policy.</summary>
internal static class DemoPolicies
{
    public static readonly UserId Alice = new("alice");
    public static readonly UserId Bob = new("bob");
    public static readonly UserId Carol = new("carol");
    public static readonly UserId Grace = new("grace");
    public static readonly UserId Dave = new("dave");

    /// <summary>Gets the desk's office hours, Monday to Friday in London: the SLA calendar of P3 to P5 and the calendar action
    /// items count business days on ("P2 within 5 business days" is a working week, not 5 calendar days).</summary>
    public static BusinessCalendar Office { get; } = BusinessCalendar.FromJson("""
        { "timeZone": "Europe/London",
          "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"], "wednesday": ["09:00-17:30"],
                      "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] } }
        """);

    public static void Configure(IncidentKitOptions o)
    {
        o.PollInterval = TimeSpan.FromSeconds(2);
        o.LeaseDuration = TimeSpan.FromSeconds(20);
        o.IncidentLinkBase = new Uri("http://localhost:5000/incidents/");
        o.Calendars["office"] = Office;
        o.SlaPolicies = SlaPolicySet.FromJson("""
            { "policies": [ { "name": "standard",
                "targets": { "P1": { "response": "15m", "resolution": "4h", "update": "1h" },
                             "P2": { "response": "30m", "resolution": "8h", "update": "2h" },
                             "P3": { "response": "4h", "resolution": { "within": "24h", "calendar": "office" } },
                             "P4": { "response": "8h", "resolution": { "within": "80h", "calendar": "office" } },
                             "P5": { "resolution": { "within": "240h", "calendar": "office" } } } } ] }
            """);

        // Two layers: the platform team rotates weekly around the clock; in office hours the day layer (Grace, Dave) takes over.
        o.Schedules.Add(new OnCallScheduleBuilder(new ScheduleId("ops-primary"), "Europe/London")
            .AddLayer("week", [Alice, Bob, Carol], new LocalDateTime(2026, 1, 5, 9, 0), RotationLength.Days(7))
            .AddLayer("office-hours", [Grace, Dave], new LocalDateTime(2026, 1, 5, 9, 0), RotationLength.Days(1),
                WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .Build());
        o.Directory = new EscalationDirectory()
            .WithTeam("platform", Alice, Bob, Carol)
            .WithTeam("service-desk", Grace, Dave)
            .WithRole("incident-manager", [Dave]);
        var policy = new EscalationPolicyBuilder("standard", "Page on call, then the team, then the incident manager")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("ops-primary"))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(10), EscalationTarget.Team("platform"))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(15), EscalationTarget.Role("incident-manager"))
            .Build();
        o.Escalation = new EscalationMatrixBuilder().UseFallback(policy).Build();
    }

    /// <summary>Sets how reviews are drafted and read: business days on the office calendar, timelines in London time.</summary>
    /// <param name="o">The review options.</param>
    public static void ConfigureReviews(ReviewDraftOptions o)
    {
        o.Calendar = Office;
        o.TimeZone = DateTimeZoneProviders.Tzdb["Europe/London"];
    }
}
