using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Tests.Communication;

// A posted status update is what the SLA update-cadence clock waits for: each one starts a new cycle.
public class StatusUpdateSlaTests
{
    private static readonly Instant OpenedAt = Instant.FromUtc(2026, 6, 15, 14, 0);

    [Fact]
    public void Evaluate_StatusUpdatePosted_RestartsUpdateCadence()
    {
        var sla = new SlaEngine(SlaPolicySet.FromJson("""
            { "policies": [ { "name": "always", "targets": { "P1": { "response": "15m", "resolution": "4h", "update": "30m" } } } ] }
            """));
        var incident = Incident.Open(IncidentId.New(), new TenantId("acme"),
            new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High }, OpenedAt, new UserId("monitor"));

        Assert.Equal(OpenedAt + Duration.FromMinutes(30), incident.GetSlaState(sla, OpenedAt).Update.DueAt);

        incident.PostStatusUpdate("Failover under way.", Audience.External, OpenedAt + Duration.FromMinutes(20), new UserId("alice"));
        var update = incident.GetSlaState(sla, OpenedAt + Duration.FromMinutes(25)).Update;

        Assert.Equal(2, update.Cycle);
        Assert.Equal(OpenedAt + Duration.FromMinutes(50), update.DueAt);
    }
}
