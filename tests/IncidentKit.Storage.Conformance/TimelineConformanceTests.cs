using IncidentKit.Incidents;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the hash-chain contract every store keeps: appends chain their events, per stream and tenant.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class TimelineConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    /// <summary>Gets the store's timeline verifier.</summary>
    protected IIncidentTimelineVerifier Verifier => Assert.IsAssignableFrom<IIncidentTimelineVerifier>(Incidents);

    [Fact]
    public async Task VerifyAsync_AppendedInSeveralChanges_IsIntactWithTheHeadOfTheLastEvent()
    {
        var incident = NewIncident(TenantA);
        incident.Acknowledge(Now, Actor);
        await Incidents.AppendAsync(IncidentChange.For(incident), Ct);
        incident.MarkCommitted();
        for (var i = 0; i < 4; i++)
        {
            await AddNoteAsync(incident);
        }

        var verification = await Verifier.VerifyAsync(TenantA, incident.Id, Ct);

        Assert.True(verification.IsIntact, verification.FirstBreak?.ToString());
        Assert.Equal((6L, 0L, 0L), (verification.Version, verification.PreChainEvents, verification.UnprotectedEvents));
        Assert.Equal(ExpectedHead(incident), verification.Head);
    }

    [Fact]
    public async Task VerifyAsync_UnknownIncidentOrOtherTenant_IsIntactAtVersionZero()
    {
        var incident = await StoreNewAsync(TenantA);

        var verification = await Verifier.VerifyAsync(TenantB, incident.Id, Ct);

        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.Version);
        Assert.Null(verification.Head);
    }

    [Fact]
    public async Task VerifyAsync_SameIncidentIdInTwoTenants_ChainsEachStreamWithItsTenant()
    {
        var id = IncidentId.New();
        var a = NewIncident(TenantA, id: id);
        var b = NewIncident(TenantB, id: id);
        await Incidents.AppendAsync(IncidentChange.For(a), Ct);
        await Incidents.AppendAsync(IncidentChange.For(b), Ct);

        var first = await Verifier.VerifyAsync(TenantA, id, Ct);
        var second = await Verifier.VerifyAsync(TenantB, id, Ct);

        Assert.True(first.IsIntact && second.IsIntact);
        Assert.Equal((ExpectedHead(a), ExpectedHead(b)), (first.Head, second.Head));
    }

    /// <summary>Returns the head hash a stream of these events must have.</summary>
    /// <param name="incident">The incident, all of whose events are stored.</param>
    /// <returns>The lower-case hex head.</returns>
    protected static string ExpectedHead(Incident incident)
    {
        var head = EventChain.GenesisHash.ToArray();
        var version = 0L;
        foreach (var e in incident.Events)
        {
            head = EventChain.ComputeHash(incident.Tenant, incident.Id, ++version, IncidentEventSerializer.Serialize(e), head);
        }

        return Convert.ToHexStringLower(head);
    }
}
