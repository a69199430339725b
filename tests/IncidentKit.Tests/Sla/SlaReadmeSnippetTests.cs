using IncidentKit.Calendars;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Tests.Sla;

// Keeps the README's SLA taste compiling and true.
public class SlaReadmeSnippetTests
{
    [Fact]
    public void ReadmeSnippet_WeekendIncident_ShowsClocksAndRecordsDueEventsOnce()
    {
        #region sla-taste
        var office = BusinessCalendar.FromJson("""
            { "timeZone": "Europe/London", "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"],
              "wednesday": ["09:00-17:30"], "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] } }
            """);
        var policies = SlaPolicySet.FromJson("""
            { "policies": [ { "name": "standard", "calendar": "office",
                "targets": { "P1": { "response": "2h", "resolution": "8h", "update": "PT1H" } } } ] }
            """);
        var sla = new SlaEngine(policies, new Dictionary<string, BusinessCalendar> { ["office"] = office });

        var clock = FakeClock.FromUtc(2026, 6, 19, 15, 0, 0);     // Friday 16:00 in London
        var incident = Incident.Open(new IncidentId(Guid.NewGuid()), new TenantId("acme"),
            new NewIncident { Title = "Checkout down", Impact = Impact.High, Urgency = Urgency.High },
            clock.GetCurrentInstant(), new UserId("agent:alice"));

        SlaState state = incident.GetSlaState(sla, clock.GetCurrentInstant());
        // state.Response.DueAt == Monday 09:30 London, state.Resolution.DueAt == Monday 15:30 London

        SlaDueEvent? next = sla.GetNextDue(incident.Events);       // a worker sleeps until next.At ...
        clock.Reset(Instant.FromUtc(2026, 6, 22, 8, 20));          // ... or wakes late, on Monday
        var recorded = incident.RecordDueSlaEvents(sla, clock.GetCurrentInstant(), UserId.System);
        // every missed warning and breach is recorded once, at its true instant; then append incident.PendingEvents
        #endregion

        Assert.Equal(Priority.P1, incident.Priority);
        Assert.Equal(Instant.FromUtc(2026, 6, 22, 8, 30), state.Response.DueAt);
        Assert.Equal(Instant.FromUtc(2026, 6, 22, 14, 30), state.Resolution.DueAt);
        Assert.Equal(Instant.FromUtc(2026, 6, 19, 15, 30), next?.At);
        Assert.Equal(7, recorded.Count);
        Assert.Empty(incident.RecordDueSlaEvents(sla, clock.GetCurrentInstant(), UserId.System));
    }
}
