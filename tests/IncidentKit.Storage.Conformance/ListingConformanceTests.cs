using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the listing contract: every filter, keyset paging in (opened, id) order, and tenant isolation.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class ListingConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly UserId Bob = new("user:bob");

    [Fact]
    public async Task ListAsync_EveryFilter_MatchesTheQueryPredicate()
    {
        var all = await SeedAsync();
        IncidentQuery[] queries =
        [
            IncidentQuery.Open,
            new() { States = [IncidentState.Resolved] },
            new() { States = [IncidentState.New, IncidentState.Resolved, IncidentState.Cancelled] },
            new() { Priority = Priority.P1 },
            new() { Priority = Priority.P3 },
            new() { Assignee = Bob },
            new() { Assignee = new UserId("user:nobody") },
            new() { Category = new CategoryPath("Network") },
            new() { Category = new CategoryPath("network/vpn") },
            new() { Category = new CategoryPath("Net") },
            new() { Category = new CategoryPath("Network"), Priority = Priority.P1, Assignee = Bob },
            new() { States = [] },
        ];

        foreach (var query in queries)
        {
            var expected = all.Where(query.Matches).Order(Comparer<IncidentSummary>.Create(ContinuationToken.Compare)).ToList();
            var page = await Incidents.ListAsync(TenantA, query, Ct);

            Assert.Equal(expected, page.Items);
            Assert.Null(page.ContinuationToken);
        }
    }

    [Fact]
    public async Task ListAsync_CategoryFilter_IncludesDescendantsOnly()
    {
        var all = await SeedAsync();

        var page = await Incidents.ListAsync(TenantA, new IncidentQuery { Category = new CategoryPath("Network") }, Ct);

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, s => Assert.StartsWith("network", s.Category!.Value.Value, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(page.Items, s => s.Category!.Value.Value.StartsWith("Networking", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, s => s.Category is { } c && c.Value.StartsWith("Networking", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListAsync_Pages_CoverEveryMatchOnceInOrder()
    {
        var stored = new List<IncidentSummary>();
        for (var i = 0; i < 23; i++)
        {
            var incident = NewIncident(TenantA, title: $"incident {i}");
            await Incidents.AppendAsync(IncidentChange.For(incident), Ct);
            stored.Add(incident.ToSummary());
            if (i % 3 == 2)
            {
                Clock.Advance(Duration.FromSeconds(1)); // several incidents share an instant, so ids break ties
            }
        }

        var seen = new List<IncidentSummary>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Incidents.ListAsync(TenantA, new IncidentQuery { PageSize = 5, ContinuationToken = token }, Ct);
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(5, pages);
        Assert.Equal(stored.Order(Comparer<IncidentSummary>.Create(ContinuationToken.Compare)), seen);
    }

    [Fact]
    public async Task ListAsync_ExactlyOnePageOfMatches_HasNoContinuation()
    {
        for (var i = 0; i < 3; i++)
        {
            await StoreNewAsync(TenantA);
        }

        var page = await Incidents.ListAsync(TenantA, new IncidentQuery { PageSize = 3 }, Ct);

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task ListAsync_AfterAppend_ShowsTheLatestSummary()
    {
        var incident = await StoreNewAsync(TenantA);
        incident.Assign(Bob, "network-team", Now, Actor);
        incident.Acknowledge(Now, Actor);
        incident.Resolve("fixed", "Restarted the pod", Now, Actor);
        await Incidents.AppendAsync(IncidentChange.For(incident), Ct);

        var open = await Incidents.ListAsync(TenantA, IncidentQuery.Open, Ct);
        var resolved = await Incidents.ListAsync(TenantA, new IncidentQuery { States = [IncidentState.Resolved] }, Ct);

        Assert.Empty(open.Items);
        Assert.Equal(incident.ToSummary(), Assert.Single(resolved.Items));
    }

    [Fact]
    public async Task ListAsync_OtherTenant_SeesNoneOfTheFirstTenantsIncidents()
    {
        var theirs = await SeedAsync();
        var own = await StoreNewAsync(TenantB);

        var page = await Incidents.ListAsync(TenantB, new IncidentQuery { States = Enum.GetValues<IncidentState>(), PageSize = 1000 }, Ct);

        Assert.Equal(19, page.Items.Count); // 18 seeded in tenant B alongside tenant A's, and its own
        Assert.All(page.Items, s => Assert.Equal(TenantB, s.Tenant));
        Assert.Contains(own.ToSummary(), page.Items);
        Assert.Empty(page.Items.Select(s => s.Id).Intersect(theirs.Select(s => s.Id)));
    }

    [Fact]
    public async Task ListAsync_InvalidPageSizeOrToken_ThrowsArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.ListAsync(TenantA, new IncidentQuery { PageSize = 0 }, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.ListAsync(TenantA, new IncidentQuery { PageSize = 1001 }, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.ListAsync(TenantA, new IncidentQuery { ContinuationToken = "garbage" }, Ct).AsTask());
    }

    // A small, varied population of tenant A (and noise in tenant B): states, priorities, assignees and categories.
    private async Task<List<IncidentSummary>> SeedAsync()
    {
        string?[] categories = ["Network", "Network/VPN", "network/vpn/client", "Networking", "Hardware", null];
        var summaries = new List<IncidentSummary>();
        for (var i = 0; i < 18; i++)
        {
            var incident = NewIncident(TenantA, impact: (i % 3) + 1, urgency: ((i / 3) % 3) + 1, category: categories[i % categories.Length], title: $"incident {i}");
            switch (i % 6)
            {
                case 1:
                    incident.Assign(Bob, null, Now, Actor);
                    break;
                case 2:
                    incident.Acknowledge(Now, Actor);
                    incident.Assign(new UserId("user:carol"), null, Now, Actor);
                    break;
                case 3:
                    incident.Assign(Bob, null, Now, Actor);
                    incident.Acknowledge(Now, Actor);
                    incident.Resolve("fixed", "done", Now, Actor);
                    break;
                case 4:
                    incident.Cancel("duplicate", Now, Actor);
                    break;
            }

            await Incidents.AppendAsync(IncidentChange.For(incident), Ct);
            summaries.Add(incident.ToSummary());
            Clock.Advance(Duration.FromMinutes(i % 2));

            var noise = NewIncident(TenantB, category: "Network");
            noise.Assign(Bob, null, Now, Actor);
            await Incidents.AppendAsync(IncidentChange.For(noise), Ct);
        }

        return summaries;
    }
}
