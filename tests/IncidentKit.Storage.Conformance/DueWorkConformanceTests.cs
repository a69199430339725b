using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the due-work contract: in step with the events, exclusive claims, lease expiry and fenced completion.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class DueWorkConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    [Fact]
    public async Task AppendAsync_NextDue_IsReplacedByEveryAppendAndRemovedByNull()
    {
        var first = new DueWork(Now + Duration.FromMinutes(15), DueWorkKind.SlaThreshold);
        var second = new DueWork(Now + Duration.FromMinutes(30), DueWorkKind.EscalationStep);
        var incident = await StoreNewAsync(TenantA, first);
        Assert.Equal(first, await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));

        await AddNoteAsync(incident, second);
        Assert.Equal(second, await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));

        await AddNoteAsync(incident, null);
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
    }

    [Fact]
    public async Task AppendAsync_RefusedOrDuplicate_LeavesTheDueWorkAsItWas()
    {
        var planned = new DueWork(Now + Duration.FromMinutes(15), DueWorkKind.SlaThreshold);
        var incident = NewIncident(TenantA);
        var change = IncidentChange.For(incident) with { NextDue = planned };
        await Incidents.AppendAsync(change, Ct);
        incident.MarkCommitted();
        var stale = Incident.FromHistory(incident.Events);
        await AddNoteAsync(incident, planned with { Kind = DueWorkKind.UpdateReminder });

        stale.AddWorkNote("late", Now, Actor);
        await Assert.ThrowsAsync<IncidentConcurrencyException>(() =>
            Incidents.AppendAsync(IncidentChange.For(stale) with { NextDue = new DueWork(Now, DueWorkKind.AutoClose) }, Ct).AsTask());
        var repeat = await Incidents.AppendAsync(change with { NextDue = null }, Ct);

        Assert.True(repeat.WasDuplicate);
        Assert.Equal(planned with { Kind = DueWorkKind.UpdateReminder }, await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_TakesOnlyItemsWhoseInstantHasCome_OldestFirst()
    {
        var later = await StoreNewAsync(TenantA, new DueWork(Now + Duration.FromMinutes(10), DueWorkKind.EscalationStep));
        var older = await StoreNewAsync(TenantB, new DueWork(Now - Duration.FromMinutes(5), DueWorkKind.SlaThreshold));
        var newer = await StoreNewAsync(TenantA, new DueWork(Now - Duration.FromMinutes(1), DueWorkKind.UpdateReminder));
        await StoreNewAsync(TenantA);

        var claimed = await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct);

        Assert.Equal([(TenantB, older.Id), (TenantA, newer.Id)], claimed.Select(c => (c.Tenant, c.Incident)));
        Assert.Equal(new DueWork(Now - Duration.FromMinutes(5), DueWorkKind.SlaThreshold), claimed[0].Due);
        Assert.All(claimed, c => Assert.Equal("worker-1", c.Lease.Owner));
        Assert.All(claimed, c => Assert.Equal(Now + Lease, c.Lease.ExpiresAt));

        foreach (var claim in claimed)
        {
            Assert.True(await DueWork.CompleteDueAsync(claim, Ct));
        }

        Clock.Advance(Duration.FromMinutes(10));
        var due = await DueWork.ClaimDueAsync("worker-2", Lease, 10, Ct);
        Assert.Equal([later.Id], due.Select(c => c.Incident));
    }

    [Fact]
    public async Task ClaimDueAsync_InstantOffTheMicrosecond_ComesBackToTheTick()
    {
        // A worker acts at the claimed due instant; one that came back even a tick early would find nothing due.
        var odd = Instant.FromUnixTimeTicks(((Now - Duration.FromMinutes(1)).ToUnixTimeTicks() / 10 * 10) + 7);
        var incident = await StoreNewAsync(TenantA, new DueWork(odd, DueWorkKind.SlaThreshold));

        Assert.Equal(odd, (await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct))?.DueAt);
        var claim = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));
        Assert.Equal(odd, claim.Due.DueAt);

        await AddNoteAsync(incident, new DueWork(odd, DueWorkKind.SlaThreshold));
        Assert.True(await DueWork.CompleteDueAsync(claim, Ct));   // the same plan, to the tick, keeps the lease
    }

    [Fact]
    public async Task ClaimDueAsync_MaxItems_LimitsTheClaim()
    {
        for (var i = 0; i < 5; i++)
        {
            await StoreNewAsync(TenantA, new DueWork(Now - Duration.FromSeconds(i), DueWorkKind.SlaThreshold));
        }

        var first = await DueWork.ClaimDueAsync("w", Lease, 3, Ct);
        var rest = await DueWork.ClaimDueAsync("w", Lease, 3, Ct);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Empty(first.Select(c => c.Incident).Intersect(rest.Select(c => c.Incident)));
        Assert.True(rest[0].Lease.Token > first[0].Lease.Token);
    }

    [Fact]
    public async Task ClaimDueAsync_WhileLeased_IsExclusive()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var held = await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct);

        Clock.Advance(Lease - Duration.FromSeconds(1));
        var other = await DueWork.ClaimDueAsync("worker-2", Lease, 10, Ct);

        Assert.Single(held);
        Assert.Empty(other);
    }

    [Fact]
    public async Task ClaimDueAsync_AfterLeaseExpiry_ReclaimsAndFencesTheStaleOwner()
    {
        var incident = await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var stale = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));

        Clock.Advance(Lease);
        var fresh = Assert.Single(await DueWork.ClaimDueAsync("worker-2", Lease, 10, Ct));

        Assert.Equal(incident.Id, fresh.Incident);
        Assert.True(fresh.Lease.Token > stale.Lease.Token);
        Assert.False(await DueWork.CompleteDueAsync(stale, Ct));
        Assert.False(await DueWork.ReleaseDueAsync(stale, Ct));
        Assert.NotNull(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
        Assert.True(await DueWork.CompleteDueAsync(fresh, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
        Assert.Empty(await DueWork.ClaimDueAsync("worker-3", Lease, 10, Ct));
    }

    [Fact]
    public async Task CompleteDueAsync_AfterExpiryEvenUnclaimed_IsRejected()
    {
        var incident = await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var claim = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));

        Clock.Advance(Lease + Duration.FromSeconds(1));

        Assert.False(await DueWork.CompleteDueAsync(claim, Ct));
        Assert.NotNull(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
    }

    [Fact]
    public async Task CompleteDueAsync_ForgedLease_IsRejected()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var claim = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));

        Assert.False(await DueWork.CompleteDueAsync(claim with { Lease = claim.Lease with { Token = claim.Lease.Token + 1000 } }, Ct));
        Assert.False(await DueWork.CompleteDueAsync(claim with { Lease = claim.Lease with { Owner = "worker-2" } }, Ct));
        Assert.False(await DueWork.CompleteDueAsync(claim with { Tenant = TenantB }, Ct));
        Assert.True(await DueWork.CompleteDueAsync(claim, Ct));
    }

    [Fact]
    public async Task CompleteDueAsync_AfterAppendReplannedTheItem_KeepsTheNewPlan()
    {
        var incident = await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.EscalationStep));
        var claim = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));
        var replanned = new DueWork(Now + Duration.FromMinutes(5), DueWorkKind.EscalationStep);

        await AddNoteAsync(incident, replanned);

        Assert.False(await DueWork.CompleteDueAsync(claim, Ct));
        Assert.Equal(replanned, await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
        Clock.Advance(Duration.FromMinutes(5));
        var next = Assert.Single(await DueWork.ClaimDueAsync("worker-2", Lease, 10, Ct));
        Assert.Equal(replanned, next.Due);
    }

    [Fact]
    public async Task CompleteDueAsync_AfterAppendKeptTheSamePlan_Completes()
    {
        var planned = new DueWork(Now, DueWorkKind.UpdateReminder);
        var incident = await StoreNewAsync(TenantA, planned);
        var claim = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));

        await AddNoteAsync(incident, planned);

        Assert.Empty(await DueWork.ClaimDueAsync("worker-2", Lease, 10, Ct));
        Assert.True(await DueWork.CompleteDueAsync(claim, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
    }

    [Fact]
    public async Task ReleaseDueAsync_GivesTheItemBackAtOnce()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.AutoClose));
        var first = Assert.Single(await DueWork.ClaimDueAsync("worker-1", Lease, 10, Ct));

        Assert.True(await DueWork.ReleaseDueAsync(first, Ct));
        var second = Assert.Single(await DueWork.ClaimDueAsync("worker-2", Lease, 10, Ct));

        Assert.Equal(first.Incident, second.Incident);
        Assert.False(await DueWork.CompleteDueAsync(first, Ct));
        Assert.True(await DueWork.CompleteDueAsync(second, Ct));
    }

    [Fact]
    public async Task FindDueOrNullAsync_OtherTenant_SeesNothing()
    {
        var incident = await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));

        Assert.Null(await DueWork.FindDueOrNullAsync(TenantB, incident.Id, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, IncidentId.New(), Ct));
    }

    [Fact]
    public async Task ClaimDueAsync_InvalidArguments_Throw()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => DueWork.ClaimDueAsync("", Lease, 10, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => DueWork.ClaimDueAsync("w", Duration.Zero, 10, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => DueWork.ClaimDueAsync("w", Lease, 0, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => DueWork.ClaimDueAsync("w", Lease, 1001, Ct).AsTask());
    }
}
