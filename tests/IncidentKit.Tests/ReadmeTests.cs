using IncidentKit.Calendars;
using IncidentKit.Escalation;
using IncidentKit.Incidents.Events;
using IncidentKit.OnCall;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Tests;

// The README's "A taste" snippet, compiled and run here so that it cannot rot. Keep the two in step.
// It is copied verbatim, so it passes no test cancellation token (xUnit1051).
#pragma warning disable xUnit1051
public class ReadmeTests
{
    [Fact]
    public async Task Taste_RunsAsWritten()
    {
        var service = new IncidentService(new InMemoryIncidentStore(), SystemClock.Instance);   // hosts: TimeProvider.ToClock()
        var incident = await service.OpenAsync(new TenantId("acme"), new NewIncident
        {
            Title = "Orders database unreachable",
            Impact = Impact.High, Urgency = Urgency.High,             // → P1 Critical by the ITIL matrix
            Category = new CategoryPath("Software/Database"), Source = "monitoring",
        }, new UserId("system:monitoring"));

        await service.ExecuteAsync(incident.Tenant, incident.Id, (i, now) => i.Acknowledge(now, new UserId("alice")));
        await service.ExecuteAsync(incident.Tenant, incident.Id, (i, now) => i.StartWork(now, new UserId("alice")));
        await service.ExecuteAsync(incident.Tenant, incident.Id, (i, now) => i.PutOnHold("Waiting for the vendor", now, new UserId("alice")));

        var calendar = BusinessCalendar.FromJson("""
            { "timeZone": "Europe/London", "weekly": { "monday": ["09:00-17:30"], "friday": ["09:00-17:30"] },
              "holidays": ["2026-12-25"] }
            """);
        Instant? due = calendar.AddBusinessTime(incident.OpenedAt, Duration.FromHours(4));   // exact across weekends, DST

        var stored = await service.FindOrNullAsync(incident.Tenant, incident.Id);
        Assert.Equal(IncidentState.OnHold, stored!.State);
        Assert.Equal(Priority.P1, stored.Priority);
        Assert.Equal("P1 Critical", service.Rules.PriorityMatrix.Describe(stored.Priority));
        Assert.NotNull(due);
        Assert.Equal(Duration.FromHours(4), calendar.BusinessTimeBetween(incident.OpenedAt, due!.Value));
    }

    [Fact]
    public void OnCallAndEscalation_RunsAsWritten()
    {
        UserId alice = new("alice"), grace = new("grace"), dave = new("dave");
        var now = Instant.FromUtc(2026, 3, 27, 16, 5);
        var incident = Incident.Open(IncidentId.New(), new TenantId("acme"),
            new NewIncident { Title = "Orders database unreachable", Impact = Impact.High, Urgency = Urgency.High }, now, new UserId("system:monitoring"));

        var primary = new OnCallScheduleBuilder(new ScheduleId("dba-primary"), "Europe/London")
            .AddLayer("daily", [alice, grace], new LocalDateTime(2026, 3, 23, 9, 0), RotationLength.Days(1))
            .Build();
        var policy = new EscalationPolicyBuilder("database", "Database outage")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("dba-primary"))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(15), EscalationTarget.Role("service-owner-manager"))
            .RepeatTimes(1)
            .Build();
        var escalation = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(),
            new OnCallRoster([primary]), new EscalationDirectory().WithRole("service-owner-manager", [dave]));
        incident.RecordEscalation(escalation.Decide(incident, now, Complexity.Standard));   // pages whoever is on call now

        // Friday 27 March is turn 4 of the daily rotation that started Monday 23 March: Alice's.
        var page = Assert.IsType<EscalationStepFired>(incident.Events[^1]);
        Assert.Equal([alice], page.Recipients);
        Assert.Equal(now + Duration.FromMinutes(5), escalation.Fold(incident.Events).NextDueAt);
    }
}
