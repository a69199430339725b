using IncidentKit.Incidents;
using IncidentKit.Storage;

namespace IncidentKit.Tests.Storage;

public sealed class EventChainTests
{
    private static readonly IncidentId Incident = new(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
    private const string Json = """{"type":"work-note-added","text":"restarted"}""";

    [Fact]
    public void ComputeHash_SameInput_IsDeterministicAndThirtyTwoBytes()
    {
        var first = EventChain.ComputeHash(new TenantId("north"), Incident, 2, Json, EventChain.GenesisHash);
        var second = EventChain.ComputeHash(new TenantId("north"), Incident, 2, Json, EventChain.GenesisHash);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void ComputeHash_AnotherTenantVersionPredecessorOrText_GivesAnotherHash()
    {
        var baseline = EventChain.ComputeHash(new TenantId("north"), Incident, 2, Json, EventChain.GenesisHash);
        var other = new byte[32];
        other[0] = 1;

        Assert.NotEqual(baseline, EventChain.ComputeHash(new TenantId("south"), Incident, 2, Json, EventChain.GenesisHash));
        Assert.NotEqual(baseline, EventChain.ComputeHash(new TenantId("north"), IncidentId.New(), 2, Json, EventChain.GenesisHash));
        Assert.NotEqual(baseline, EventChain.ComputeHash(new TenantId("north"), Incident, 3, Json, EventChain.GenesisHash));
        Assert.NotEqual(baseline, EventChain.ComputeHash(new TenantId("north"), Incident, 2, Json, other));
        Assert.NotEqual(baseline, EventChain.ComputeHash(new TenantId("north"), Incident, 2, Json.Replace("restarted", "restarted ", StringComparison.Ordinal), EventChain.GenesisHash));
    }

    [Fact]
    public void ComputeHash_PreviousHashOfWrongLength_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => EventChain.ComputeHash(TenantId.Default, Incident, 1, Json, new byte[31]));

        Assert.Equal("previousHash", error.ParamName);
    }

    [Fact]
    public void Verifier_RowsOfLink_AreIntactAndEndAtTheLastHash()
    {
        var links = EventChain.Link(TenantId.Default, Incident, 0, EventChain.GenesisHash, [Json, Json, Json]);
        var verifier = new EventChainVerifier(TenantId.Default, Incident);

        for (var i = 0; i < links.Count; i++)
        {
            verifier.Add(i + 1, Json, links[i].Previous, links[i].Hash);
        }

        var result = verifier.Complete(3);
        Assert.True(result.IsIntact);
        Assert.Equal(Convert.ToHexStringLower(links[^1].Hash), result.Head);
        Assert.Equal(links[1].Hash, links[2].Previous);
    }

    [Fact]
    public void Verifier_StreamRecordClaimsMoreEventsThanStored_ReportsTheFirstMissingVersion()
    {
        var links = EventChain.Link(TenantId.Default, Incident, 0, EventChain.GenesisHash, [Json]);
        var verifier = new EventChainVerifier(TenantId.Default, Incident);
        verifier.Add(1, Json, links[0].Previous, links[0].Hash);

        Assert.Equal(new TimelineBreak(2, TimelineBreakKind.EventMissing, "version 2", "end of stream"), verifier.Complete(2).FirstBreak);
    }
}
