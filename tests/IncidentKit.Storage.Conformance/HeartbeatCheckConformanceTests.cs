using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the due-check contract (checks that belong to no incident, beside incidents' due work, under the same leases)
/// and that heartbeat monitors are checked through it: a missed heartbeat opens one incident, the next ping resolves it, and a
/// node that lost its lease acts on nothing.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class HeartbeatCheckConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    /// <summary>Gets the due checks of the store under test.</summary>
    protected IDueCheckStore Checks => (IDueCheckStore)Incidents;

    [Fact]
    public async Task ScheduleCheckAsync_DueCheck_IsClaimedOnlyAsACheckAndByOneClaimer()
    {
        var check = new IncidentId(Guid.NewGuid());
        var due = new DueWork(Now - Duration.FromSeconds(1), DueWorkKind.HeartbeatCheck);
        var incident = await StoreNewAsync(TenantA, new DueWork(Now - Duration.FromSeconds(2), DueWorkKind.SlaThreshold));
        await Checks.ScheduleCheckAsync(TenantA, check, due, Ct);

        var incidentWork = await DueWork.ClaimDueAsync("worker", Lease, 10, Ct);
        var first = await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-1", Lease, 10, Ct);
        var second = await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-2", Lease, 10, Ct);

        Assert.Equal([incident.Id], incidentWork.Select(c => c.Incident));
        var claim = Assert.Single(first);
        Assert.Equal((TenantA, check, due, "node-1"), (claim.Tenant, claim.Incident, claim.Due, claim.Lease.Owner));
        Assert.True(claim.Lease.Token > incidentWork[0].Lease.Token);
        Assert.Empty(second);
        Assert.Equal(due, await DueWork.FindDueOrNullAsync(TenantA, check, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantB, check, Ct));
    }

    [Fact]
    public async Task ScheduleCheckAsync_NotYetDueOrIncidentKind_IsNotClaimedOrRefused()
    {
        var check = new IncidentId(Guid.NewGuid());
        await Checks.ScheduleCheckAsync(TenantA, check, new DueWork(Now + Duration.FromMinutes(1), DueWorkKind.HeartbeatCheck), Ct);

        Assert.Empty(await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-1", Lease, 10, Ct));
        var kind = await Assert.ThrowsAnyAsync<ArgumentException>(() => Checks.ScheduleCheckAsync(TenantA, check, new DueWork(Now, DueWorkKind.EscalationStep), Ct).AsTask());
        Assert.Equal("due", kind.ParamName);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Checks.ClaimChecksAsync(DueWorkKind.SlaThreshold, "node-1", Lease, 10, Ct).AsTask());
        Assert.Equal(new DueWork(Now + Duration.FromMinutes(1), DueWorkKind.HeartbeatCheck), await DueWork.FindDueOrNullAsync(TenantA, check, Ct));
    }

    [Fact]
    public async Task ScheduleCheckAsync_ReplannedWhileClaimed_DropsTheLeaseSoTheOldHolderCannotComplete()
    {
        var check = new IncidentId(Guid.NewGuid());
        await Checks.ScheduleCheckAsync(TenantA, check, new DueWork(Now, DueWorkKind.HeartbeatCheck), Ct);
        var claim = Assert.Single(await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-1", Lease, 10, Ct));
        var later = new DueWork(Now + Duration.FromMinutes(10), DueWorkKind.HeartbeatCheck);

        await Checks.ScheduleCheckAsync(TenantA, check, later, Ct);

        Assert.False(await DueWork.CompleteDueAsync(claim, Ct));
        Assert.Null(await DueWork.RenewDueAsync(claim, Lease, Ct));
        Assert.Equal(later, await DueWork.FindDueOrNullAsync(TenantA, check, Ct));
        Clock.Advance(Duration.FromMinutes(10));
        var again = Assert.Single(await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-2", Lease, 10, Ct));
        Assert.True(await DueWork.CompleteDueAsync(again, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, check, Ct));
    }

    [Fact]
    public async Task RunHeartbeatChecksAsync_MissedHeartbeat_OpensOneIncidentAndTheNextPingResolvesIt()
    {
        var monitor = new HeartbeatMonitor(TenantA, "nightly-backup", Duration.FromMinutes(10), Duration.FromMinutes(1));
        var processor = await PingedAsync(monitor);
        Assert.Equal(new DueWork(Now + Duration.FromMinutes(11), DueWorkKind.HeartbeatCheck), await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct));

        Clock.Advance(Duration.FromMinutes(10));
        Assert.Equal(0, await processor.RunHeartbeatChecksAsync("node-1", 10, Ct));
        Assert.Empty(await AllAsync());
        Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, await processor.RunHeartbeatChecksAsync("node-1", 10, Ct));
        Assert.Equal(0, await processor.RunHeartbeatChecksAsync("node-1", 10, Ct));
        Assert.Equal(0, await processor.CheckDueAsync(100, Ct));

        var missed = Assert.Single(await AllAsync());
        Assert.Equal(("Heartbeat missed: nightly-backup", IncidentState.New), (missed.Title, missed.State));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct));

        Clock.Advance(Duration.FromMinutes(2));
        await processor.PingAsync(TenantA, monitor.Name, Ct);
        await processor.ProcessPendingAsync("node-1", 10, Ct);
        await processor.CheckDueAsync(100, Ct);

        var resolved = await new IncidentService(Incidents, Clock).FindOrNullAsync(TenantA, missed.Id, Ct);
        Assert.Equal(IncidentState.Resolved, resolved!.State);
        Assert.Single(resolved.Events.OfType<IncidentOpened>());
        Assert.Equal(new DueWork(Now + Duration.FromMinutes(11), DueWorkKind.HeartbeatCheck), await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct));
    }

    [Fact]
    public async Task RunHeartbeatChecksAsync_PingArrivedAfterTheCheckFellDue_PlansTheCheckAtTheNewDeadline()
    {
        var monitor = new HeartbeatMonitor(TenantA, "ingest", Duration.FromMinutes(5), Duration.Zero);
        var processor = await PingedAsync(monitor);
        var stale = await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct);
        Clock.Advance(Duration.FromMinutes(5));

        // A later ping is recorded in the group, but its own plan of the check is lost (as if it crashed before writing it).
        await processor.PingAsync(TenantA, monitor.Name, Ct);
        await processor.ProcessPendingAsync("node-1", 10, Ct);
        await Checks.ScheduleCheckAsync(TenantA, monitor.CheckId, stale!.Value, Ct);
        var claim = Assert.Single(await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-1", Lease, 10, Ct));

        Assert.False(await processor.CheckHeartbeatAsync(claim, Ct));

        Assert.Empty(await AllAsync());
        Assert.Equal(new DueWork(Now + Duration.FromMinutes(5), DueWorkKind.HeartbeatCheck), await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct));
    }

    [Fact]
    public async Task CheckHeartbeatAsync_LeaseLostBeforeActing_ActsOnNothingAndTheNewHolderOpensOnce()
    {
        var monitor = new HeartbeatMonitor(TenantA, "nightly-backup", Duration.FromMinutes(10), Duration.FromMinutes(1));
        var first = await PingedAsync(monitor);
        var second = Processor(monitor);
        Clock.Advance(Duration.FromMinutes(11));

        // node-1 claims, then stalls past its lease; node-2 claims the same check.
        var stale = Assert.Single(await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-1", Lease, 10, Ct));
        Clock.Advance(Lease + Duration.FromSeconds(1));
        var current = Assert.Single(await Checks.ClaimChecksAsync(DueWorkKind.HeartbeatCheck, "node-2", Lease, 10, Ct));

        Assert.False(await first.CheckHeartbeatAsync(stale, Ct));
        Assert.Empty(await AllAsync());
        Assert.True(await second.CheckHeartbeatAsync(current, Ct));
        Assert.False(await first.CheckHeartbeatAsync(stale, Ct));

        var opened = Assert.Single(await AllAsync());
        var incident = await new IncidentService(Incidents, Clock).FindOrNullAsync(TenantA, opened.Id, Ct);
        Assert.Single(incident!.Events.OfType<IncidentOpened>());
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct));
    }

    [Fact]
    public async Task RunHeartbeatChecksAsync_MonitorNoLongerConfigured_DropsItsCheck()
    {
        var monitor = new HeartbeatMonitor(TenantA, "retired", Duration.FromMinutes(1), Duration.Zero);
        await PingedAsync(monitor);
        Clock.Advance(Duration.FromMinutes(2));

        Assert.Equal(0, await Processor().RunHeartbeatChecksAsync("node-2", 10, Ct));

        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, monitor.CheckId, Ct));
        Assert.Empty(await AllAsync());
    }

    // A processor watching the monitor, after one ping of it was received and processed.
    private async Task<AlertProcessor> PingedAsync(HeartbeatMonitor monitor)
    {
        var processor = Processor(monitor);
        Assert.True(await processor.PingAsync(TenantA, monitor.Name, Ct));
        await processor.ProcessPendingAsync("node-1", 10, Ct);
        return processor;
    }

    private AlertProcessor Processor(params HeartbeatMonitor[] monitors) =>
        new((IAlertStore)Incidents, new IncidentService(Incidents, Clock), Clock, heartbeats: monitors);

    private async Task<IReadOnlyList<IncidentSummary>> AllAsync() =>
        (await Incidents.ListAsync(TenantA, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, Ct)).Items;
}
