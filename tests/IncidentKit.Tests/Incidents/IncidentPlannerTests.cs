using IncidentKit.Automations;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentPlannerTests
{
    private static readonly SlaEngine Sla = new(SlaPolicySet.FromJson("""
        { "policies": [ { "name": "standard", "targets": { "P1": { "response": "15m", "resolution": "4h" } } } ] }
        """));

    [Fact]
    public void Outlook_NewP1_NextStepIsLevelOneToWhoIsOnCallNowThenLevelTwoToTheTeam()
    {
        var planner = new IncidentPlanner(Sla, Engine(Matrix(major: Standard())));
        var incident = Open(Priority.P1, T0);

        var first = planner.Outlook(incident, T0).NextEscalationStep;
        Assert.NotNull(first);
        Assert.Equal(1, first.Level);
        Assert.Equal([Alice], first.Recipients);
        Assert.Equal(T0, first.DueAt);

        incident.RecordEscalation(planner.Escalation!.Decide(incident, T0, Complexity.Standard));
        var second = planner.Outlook(incident, T0 + Minutes(1));

        Assert.Equal(2, second.NextEscalationStep!.Level);
        Assert.Equal(T0 + Minutes(5), second.NextEscalationStep.DueAt);
        Assert.Equal([Carol, Bob], second.NextEscalationStep.Recipients);
        Assert.Equal(new DueWork(T0 + Minutes(5), DueWorkKind.EscalationStep), second.NextDue);
        // The default warning at half the 15-minute response target.
        Assert.Equal(T0 + Duration.FromSeconds(450), second.NextSlaEvent!.Value.At);
        Assert.Equal(SlaEventKind.Warning, second.NextSlaEvent.Value.Kind);
        Assert.Single(incident.Events.OfType<IncidentKit.Incidents.Events.EscalationStepFired>()); // a preview records nothing
    }

    [Fact]
    public void Plan_AcknowledgedP1_EscalationStopsAndTheSlaResolutionWarningIsNext()
    {
        var planner = new IncidentPlanner(Sla, Engine(Matrix(major: Standard())));
        var incident = Open(Priority.P1, T0);
        incident.RecordEscalation(planner.Escalation!.Decide(incident, T0, Complexity.Standard));
        incident.Acknowledge(T0 + Minutes(2), Alice);
        incident.RecordDueSlaEvents(Sla, T0 + Minutes(2), UserId.System);

        // Half the 4-hour resolution target (the default warning); the response target was met.
        Assert.Equal(new DueWork(T0 + Duration.FromHours(2), DueWorkKind.SlaThreshold), planner.Plan(incident));
        Assert.Null(planner.Outlook(incident, T0 + Minutes(2)).NextEscalationStep);
    }

    [Fact]
    public void Plan_NoEngines_PlansNothing()
    {
        Assert.Null(new IncidentPlanner().Plan(Open(Priority.P1, T0)));
    }

    [Fact]
    public async Task IncidentService_WithTheSameEnginesAsAutomations_StoresThePlannersNextDueWorkOnEveryAppend()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        var escalation = Engine(Matrix(major: Standard()));
        var planner = new IncidentPlanner(Sla, escalation);
        var service = new IncidentService(store, clock, new IncidentServiceOptions
        {
            Automations = { new SlaAutomation(Sla), new EscalationAutomation(escalation) },
        });

        var incident = await service.OpenAsync(new TenantId("acme"),
            new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" }, Reporter,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new DueWork(T0, DueWorkKind.EscalationStep), planner.Plan(incident));
        Assert.Equal(T0, (await store.FindDueOrNullAsync(incident.Tenant, incident.Id, TestContext.Current.CancellationToken))?.DueAt);
    }
}
