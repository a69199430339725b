using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the lease-renewal contract: a held lease is extended with the same token; a lapsed, taken-over or re-planned
/// one is not.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class LeaseRenewalConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    [Fact]
    public async Task RenewDueAsync_HeldLease_ExtendsItSoNobodyElseClaimsTheItem()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var claim = Assert.Single(await DueWork.ClaimDueAsync("slow", Lease, 10, Ct));

        Clock.Advance(Duration.FromSeconds(20));
        var renewed = await DueWork.RenewDueAsync(claim, Lease, Ct);
        Clock.Advance(Duration.FromSeconds(20));
        var taken = await DueWork.ClaimDueAsync("other", Lease, 10, Ct);

        Assert.NotNull(renewed);
        Assert.Equal((claim.Lease.Token, claim.Lease.Owner, Now - Duration.FromSeconds(20) + Lease), (renewed.Lease.Token, renewed.Lease.Owner, renewed.Lease.ExpiresAt));
        Assert.Empty(taken);
        Assert.True(await DueWork.CompleteDueAsync(renewed, Ct));
    }

    [Fact]
    public async Task RenewDueAsync_LeaseLapsedAndReclaimed_IsRefusedAndLeavesTheNewHolder()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var slow = Assert.Single(await DueWork.ClaimDueAsync("slow", Lease, 10, Ct));
        Clock.Advance(Duration.FromSeconds(31));
        var other = Assert.Single(await DueWork.ClaimDueAsync("other", Lease, 10, Ct));

        Assert.Null(await DueWork.RenewDueAsync(slow, Lease, Ct));
        Assert.True(await DueWork.CompleteDueAsync(other, Ct));
    }

    [Fact]
    public async Task RenewDueAsync_LeaseLapsedButNotReclaimed_IsRefused()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var slow = Assert.Single(await DueWork.ClaimDueAsync("slow", Lease, 10, Ct));
        Clock.Advance(Duration.FromSeconds(30));

        Assert.Null(await DueWork.RenewDueAsync(slow, Lease, Ct));
        Assert.Single(await DueWork.ClaimDueAsync("other", Lease, 10, Ct));
    }

    [Fact]
    public async Task RenewDueAsync_ItemReplannedByAnAppend_IsRefused()
    {
        var incident = await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var claim = Assert.Single(await DueWork.ClaimDueAsync("slow", Lease, 10, Ct));

        await AddNoteAsync(incident, new DueWork(Now + Duration.FromMinutes(5), DueWorkKind.EscalationStep));

        Assert.Null(await DueWork.RenewDueAsync(claim, Lease, Ct));
    }

    [Fact]
    public async Task RenewDueAsync_LeaseOutOfRange_ThrowsNamingTheArgument()
    {
        await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.SlaThreshold));
        var claim = Assert.Single(await DueWork.ClaimDueAsync("slow", Lease, 10, Ct));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DueWork.RenewDueAsync(claim, Duration.Zero, Ct).AsTask());

        Assert.Equal("leaseDuration", error.ParamName);
    }
}
