using IncidentKit.Authorization;
using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Prioritization;
using IncidentKit.Runbooks;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Authorization;

// Automation is authorised for what it records as a person is for the command (issue 12 §1): the major-incident protocol's and the
// runbooks' events are the actions a person would need, so a tenant's authoriser can refuse them to the worker too.
public sealed class IncidentActionsTests
{
    private static readonly Instant Now = At(0);

    public static TheoryData<IncidentEvent, IncidentAction> ProtocolEvents => new()
    {
        { new MajorIncidentDeclared(Guid.NewGuid(), Now, UserId.System, "rule"), IncidentAction.DeclareMajor },
        { new MajorIncidentStoodDown(Guid.NewGuid(), Now, Alice, "contained"), IncidentAction.StandDownMajor },
        { new ResponseRoleAssigned(Guid.NewGuid(), Now, UserId.System, ResponseRole.IncidentCommander, Bob), IncidentAction.AssignResponseRole },
        { new ResponseRoleReleased(Guid.NewGuid(), Now, Alice, ResponseRole.Scribe, Bob), IncidentAction.AssignResponseRole },
        { new RunbookStepCompleted(Guid.NewGuid(), Now, Alice, "db", 1, 1), IncidentAction.WorkRunbook },
        { new RunbookStepSkipped(Guid.NewGuid(), Now, Alice, "db", 1, 2, "not needed"), IncidentAction.WorkRunbook },
        { new AffectedServiceAdded(Guid.NewGuid(), Now, Alice, "search"), IncidentAction.ChangePriority },
    };

    [Theory]
    [MemberData(nameof(ProtocolEvents))]
    public void Of_MajorIncidentAndRunbookEvents_IsTheActionAPersonNeeds(IncidentEvent recorded, IncidentAction expected)
    {
        Assert.Equal(expected, IncidentActions.Of(recorded));
    }

    [Fact]
    public async Task RunDueAsync_AuthorizerRefusesTheAutomationMajorIncidents_DeclaresNothing()
    {
        var clock = new FakeClock(Now);
        var store = new InMemoryIncidentStore(clock);
        var service = new IncidentService(store, clock, new IncidentServiceOptions
        {
            Automations = { new MajorIncidentAutomation(MajorIncidentPolicy.Default) },
            Authorizer = new NoAutomatedDeclarations(),
        });
        var incident = await service.OpenAsync(Tenant, new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High }, Alice,
            cancellationToken: TestContext.Current.CancellationToken);
        var claim = Assert.Single(await store.ClaimDueAsync("core-host", Duration.FromMinutes(1), 10, TestContext.Current.CancellationToken));

        var result = await service.RunDueAsync(claim, TestContext.Current.CancellationToken);

        Assert.Equal(DueRunOutcome.Denied, result.Outcome);
        Assert.Equal(IncidentAction.DeclareMajor, result.Denial!.Action);
        var events = (await store.ReadAsync(Tenant, incident.Id, 0, TestContext.Current.CancellationToken)).Events;
        Assert.DoesNotContain(events, e => e is MajorIncidentDeclared);
    }

    // Lets the automation do everything but declare major incidents (a tenant that wants a person to decide).
    private sealed class NoAutomatedDeclarations : IIncidentAuthorizer
    {
        public AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action) =>
            action == IncidentAction.DeclareMajor && actor.Roles.Contains(IncidentRole.System)
                ? AuthorizationDecision.Deny("a person declares major incidents here")
                : RoleIncidentAuthorizer.Instance.Authorize(actor, tenant, action);
    }
}
