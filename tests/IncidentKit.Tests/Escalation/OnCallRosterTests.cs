using IncidentKit.Escalation;
using IncidentKit.Incidents.Events;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

// The escalation engine over real on-call schedules: the roster resolves a schedule target to whoever is on call at the
// step's own instant, so a page that falls after a handoff goes to the next person.
public class OnCallRosterTests
{
    private static readonly UserId Grace = new("grace");

    // Daily handoff at 09:05 London (UTC+0 in early March): Alice until 09:05Z, Grace after.
    private static OnCallSchedule Primary() => new OnCallScheduleBuilder(new ScheduleId("primary"), "Europe/London")
        .AddLayer("primary", [Alice, Grace], new LocalDateTime(2026, 3, 1, 9, 5), RotationLength.Days(1))
        .Build();

    [Fact]
    public void Decide_ScheduleTargetAcrossHandoff_PagesWhoeverIsOnCallAtEachStep()
    {
        var roster = new OnCallRoster([Primary()]);
        var directory = new EscalationDirectory().WithTeam("tier2", Carol, Bob).WithRole("service-owner-manager", [Dave]);
        var policy = new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Schedule("primary"))
            .AddLevel(EscalationKind.Functional, Minutes(10), EscalationTarget.Team("tier2"))
            .RepeatTimes(1)
            .Build();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), roster, directory);
        var incident = Open(Priority.P1, T0);

        var fired = new List<EscalationStepFired>();
        for (var now = T0; now <= T0 + Duration.FromHours(1); now += Duration.FromMinutes(1))
        {
            fired.AddRange(engine.Tick(incident, now));
        }

        // Turn 0 (Mar 1 09:05 → Mar 2 09:05) is Alice's, turn 1 Grace's: the second round's schedule page goes to Grace.
        Assert.Equal(
            [(1, T0, Alice), (2, T0 + Minutes(5), Carol), (1, T0 + Minutes(15), Grace), (2, T0 + Minutes(20), Carol)],
            fired.Select(s => (s.Level, s.At, s.Recipients[0])));
    }

    [Fact]
    public void TryGetOnCall_UnknownSchedule_ReturnsFalse()
    {
        var roster = new OnCallRoster([Primary()]);

        Assert.False(roster.TryGetOnCall("secondary", T0, out _));
        Assert.True(roster.TryGetOnCall("primary", T0, out var users));
        Assert.Equal([Alice], users);
    }

    [Fact]
    public void TryGetGaps_ScheduleWithRestriction_ReportsGapsForLint()
    {
        var weekdaysOnly = new OnCallScheduleBuilder(new ScheduleId("office"), "Europe/London")
            .AddLayer("office", [Alice], new LocalDateTime(2026, 3, 2, 9, 0), RotationLength.Weeks(1),
                WeeklyWindow.Weekdays(new LocalTime(9, 0), new LocalTime(17, 0)))
            .Build();
        var roster = new OnCallRoster([weekdaysOnly]);
        var policy = new EscalationPolicyBuilder("office", "Office hours")
            .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Schedule("office"))
            .Build();

        Assert.True(roster.TryGetGaps("office", new Interval(T0, T0 + Duration.FromDays(1)), out var gaps));
        Assert.NotEmpty(gaps);
        Assert.Contains(policy.Lint(T0, roster), d => d.Code == EscalationDiagnosticCode.ScheduleGaps);
    }

    [Fact]
    public void Constructor_DuplicateIds_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OnCallRoster([Primary(), Primary()]));
        Assert.Equal("schedules", ex.ParamName);
    }

    [Fact]
    public void TryGetRoleHolders_ServiceSpecificHolder_WinsOverGeneralHolder()
    {
        var directory = new EscalationDirectory()
            .WithRole("service-owner-manager", [Dave])
            .WithRole("service-owner-manager", [Erin], service: "checkout");
        var checkout = new EscalationSubject(new TenantId("acme"), new IncidentKit.Incidents.IncidentId(Guid.CreateVersion7()), Priority.P1, null, "checkout", null, null);
        var billing = checkout with { Service = "billing" };

        Assert.True(directory.TryGetRoleHolders("service-owner-manager", checkout, out var forCheckout));
        Assert.True(directory.TryGetRoleHolders("service-owner-manager", billing, out var forBilling));
        Assert.False(directory.TryGetRoleHolders("incident-commander", billing, out _));
        Assert.Equal([Erin], forCheckout);
        Assert.Equal([Dave], forBilling);
    }
}
