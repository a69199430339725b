using IncidentKit.Alerts;
using IncidentKit.Authorization;
using NodaTime;
using static IncidentKit.Tests.Alerts.AlertIntakeHarness;

namespace IncidentKit.Tests.Alerts;

public sealed class AlertProcessorAuthorizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessPendingAsync_AuthorizerDeniesTheSystemActor_ThrowsOpensNothingAndKeepsTheAlertForLater()
    {
        var h = new AlertIntakeHarness();
        var denying = new AlertProcessor(h.Store, h.Incidents, h.Clock, h.Processor.Routes) { Authorizer = new DenyingAuthorizer(IncidentAction.Open) };
        await denying.ReceiveAsync(Tenant, [Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant())], Ct);

        var denied = await Assert.ThrowsAsync<IncidentAccessDeniedException>(() => denying.ProcessPendingAsync("denied", 10, Ct));

        Assert.Equal(IncidentAction.Open, denied.Action);
        Assert.Equal(new UserId("system:monitoring"), denied.Actor.User);
        Assert.Equal([IncidentRole.System], denied.Actor.Roles);
        Assert.Empty(await h.AllIncidentsAsync());

        // Nothing was lost: once the lease lapses, a processor that may act opens the incident from the same inbox record.
        h.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, await h.Processor.ProcessPendingAsync("allowed", 10, Ct));
        Assert.Single(await h.AllIncidentsAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_OneTenantsRecordDenied_TheOtherRecordsAreStillProcessed()
    {
        var h = new AlertIntakeHarness();
        var blocked = new TenantId("blocked");
        var processor = new AlertProcessor(h.Store, h.Incidents, h.Clock, h.Processor.Routes) { Authorizer = new DenyingAuthorizer(IncidentAction.Open, blocked) };
        var at = h.Clock.GetCurrentInstant();
        await processor.ReceiveAsync(blocked, [Firing("fp1", "ApiDown", at)], Ct);
        await processor.ReceiveAsync(Tenant, [Firing("fp2", "ApiDown", at), Firing("fp3", "DiskFull", at)], Ct);

        await Assert.ThrowsAsync<IncidentAccessDeniedException>(() => processor.ProcessPendingAsync("worker", 10, Ct));

        Assert.Equal(2, (await h.AllIncidentsAsync()).Count);
        Assert.Empty((await h.Store.ListAsync(blocked, new IncidentKit.Storage.IncidentQuery(), Ct)).Items);
    }

    [Fact]
    public void RoleIncidentAuthorizer_SystemActor_TakesEveryIncidentActionButNeverConfigures()
    {
        var system = IncidentActor.System(Tenant);

        Assert.All(Enum.GetValues<IncidentAction>().Where(a => a != IncidentAction.Configure),
            a => Assert.True(RoleIncidentAuthorizer.Instance.Authorize(system, Tenant, a).IsAllowed, a.ToString()));
        Assert.False(RoleIncidentAuthorizer.Instance.Authorize(system, Tenant, IncidentAction.Configure).IsAllowed);
        Assert.False(RoleIncidentAuthorizer.Instance.Authorize(system, new TenantId("other"), IncidentAction.Open).IsAllowed);
    }

    // Denies one action to the system actor (in one tenant, or in all); allows everything else.
    private sealed class DenyingAuthorizer(IncidentAction denied, TenantId? only = null) : IIncidentAuthorizer
    {
        public AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action) =>
            actor.Roles.Contains(IncidentRole.System) && action == denied && (only is null || only == tenant)
                ? AuthorizationDecision.Deny("intake is switched off for this tenant")
                : RoleIncidentAuthorizer.Instance.Authorize(actor, tenant, action);
    }
}
