using IncidentKit.Calendars;
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
}
