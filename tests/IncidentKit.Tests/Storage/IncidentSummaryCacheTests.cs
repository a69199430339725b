using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Tests.Storage;

public sealed class IncidentSummaryCacheTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 6, 15, 10, 0);
    private static readonly UserId Actor = new("user:alice");

    [Fact]
    public void GetOrParse_SameVersionTwice_ParsesOnce()
    {
        var cache = new IncidentSummaryCache();
        var summary = Summary();
        var reads = 0;

        var first = cache.GetOrParse(summary.Tenant, summary.Id, summary.Version, summary, s => { reads++; return IncidentSummarySerializer.Serialize(s); });
        var second = cache.GetOrParse(summary.Tenant, summary.Id, summary.Version, summary, s => { reads++; return IncidentSummarySerializer.Serialize(s); });

        Assert.Equal(summary, first);
        Assert.Same(first, second);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void GetOrParse_NewerVersion_ParsesTheRowAgain()
    {
        var cache = new IncidentSummaryCache();
        var v1 = Summary();
        var v2 = v1 with { Version = 2, State = IncidentState.Acknowledged, AcknowledgedAt = At };
        cache.GetOrParse(v1.Tenant, v1.Id, 1, v1, IncidentSummarySerializer.Serialize);

        var listed = cache.GetOrParse(v2.Tenant, v2.Id, 2, v2, IncidentSummarySerializer.Serialize);

        Assert.Equal(IncidentState.Acknowledged, listed.State);
    }

    [Fact]
    public void GetOrParse_SameIncidentIdInAnotherTenant_NeverAnswersTheOthersSummary()
    {
        var cache = new IncidentSummaryCache();
        var a = Summary(new TenantId("a"));
        var b = a with { Tenant = new TenantId("b"), Title = "B's own" };
        cache.GetOrParse(a.Tenant, a.Id, 1, a, IncidentSummarySerializer.Serialize);

        Assert.Equal("B's own", cache.GetOrParse(b.Tenant, b.Id, 1, b, IncidentSummarySerializer.Serialize).Title);
    }

    [Fact]
    public void GetOrParse_RowWhoseSummaryIsOfAnotherVersion_AnswersItButKeepsNothing()
    {
        var cache = new IncidentSummaryCache();
        var stored = Summary();

        Assert.Equal(stored, cache.GetOrParse(stored.Tenant, stored.Id, 7, stored, IncidentSummarySerializer.Serialize));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void GetOrParse_PastCapacity_StartsAgainEmpty()
    {
        var cache = new IncidentSummaryCache(capacity: 2);
        foreach (var s in new[] { Summary(), Summary(), Summary() })
        {
            cache.GetOrParse(s.Tenant, s.Id, s.Version, s, IncidentSummarySerializer.Serialize);
        }

        Assert.Equal(1, cache.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentSummaryCache(0));
    }

    [Fact]
    public void TryGet_KeptVersionOnly_FindsItAndNothingForAnotherVersionOrTenant()
    {
        var cache = new IncidentSummaryCache();
        var summary = Summary();
        Assert.False(cache.TryGet(summary.Tenant, summary.Id, 1, out _));
        cache.GetOrParse(summary.Tenant, summary.Id, 1, summary, IncidentSummarySerializer.Serialize);

        Assert.True(cache.TryGet(summary.Tenant, summary.Id, 1, out var kept));
        Assert.Equal(summary, kept);
        Assert.False(cache.TryGet(summary.Tenant, summary.Id, 2, out var newer));
        Assert.Null(newer);
        Assert.False(cache.TryGet(new TenantId("other"), summary.Id, 1, out _));
    }

    private static IncidentSummary Summary(TenantId? tenant = null) =>
        Incident.Open(IncidentId.New(), tenant ?? TenantId.Default, new NewIncident { Title = "Checkout fails", Impact = new Impact(1), Urgency = new Urgency(1) }, At, Actor)
            .ToSummary();
}
