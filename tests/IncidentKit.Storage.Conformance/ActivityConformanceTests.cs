using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the reporting query's contract (<see cref="IIncidentHistoryReader"/>): exactly the tenant's incidents active
/// in the period, each history whole.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class ActivityConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    [Fact]
    public async Task ReadActiveAsync_Period_ReturnsExactlyTheActiveIncidentsWhole()
    {
        var day0 = Now;
        Instant Day(int d) => day0 + Duration.FromDays(d);
        var period = new Interval(Day(2), Day(5));

        var settledBefore = await LifeAsync(TenantA, 0, (i, at) => i.Resolve("fixed", "done", at(1), Actor));
        var stillOpen = await LifeAsync(TenantA, 0, null);
        var resolvedInside = await LifeAsync(TenantA, 0, (i, at) => i.Resolve("fixed", "done", at(3), Actor));
        var openedInside = await LifeAsync(TenantA, 3, null);
        var openedAtEnd = await LifeAsync(TenantA, 5, null);
        var cancelledBefore = await LifeAsync(TenantA, 0, (i, at) => i.Cancel("duplicate", at(1), Actor));
        var reopenedInside = await LifeAsync(TenantA, 0, (i, at) =>
        {
            i.Resolve("fixed", "done", at(1), Actor);
            i.Reopen("again", at(4), Actor);
        });
        var resolvedAtEnd = await LifeAsync(TenantA, 0, (i, at) => i.Resolve("fixed", "done", at(5), Actor));
        var resolvedAtStart = await LifeAsync(TenantA, 0, (i, at) => i.Resolve("fixed", "done", at(2), Actor));
        var otherTenant = await LifeAsync(TenantB, 3, null);

        var histories = new List<IncidentHistory>();
        await foreach (var history in ((IIncidentHistoryReader)Incidents).ReadActiveAsync(TenantA, period, Ct))
        {
            histories.Add(history);
        }

        Incident[] expected = [stillOpen, resolvedInside, openedInside, reopenedInside, resolvedAtEnd, resolvedAtStart];
        Assert.Equal(expected.Select(i => i.Id.Value).Order(), histories.Select(h => h.Incident.Value).Order());
        foreach (var history in histories)
        {
            var incident = expected.Single(i => i.Id == history.Incident);
            Assert.Equal(TenantA, history.Tenant);
            Assert.Equal(0, history.FromVersion);
            Assert.Equal(incident.Version, history.Version);
            Assert.Equal(Json(incident.Events), Json(history.Events));
            Assert.True(IncidentActivity.WasActiveIn(incident.ToSummary(), period));
        }

        Incident[] excluded = [settledBefore, openedAtEnd, cancelledBefore];
        Assert.All(excluded, i => Assert.False(IncidentActivity.WasActiveIn(i.ToSummary(), period)));
        Assert.DoesNotContain(histories, h => h.Incident == otherTenant.Id);
    }

    [Fact]
    public async Task ReadActiveAsync_AnotherTenantsPeriod_SeesNothingOfThisTenant()
    {
        await LifeAsync(TenantA, 0, null);

        var count = 0;
        await foreach (var _ in ((IIncidentHistoryReader)Incidents).ReadActiveAsync(TenantB, new Interval(Now - Duration.FromDays(1), Now + Duration.FromDays(1)), Ct))
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task ReadActiveAsync_PeriodWithoutEnd_Throws()
    {
        var reader = (IIncidentHistoryReader)Incidents;

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in reader.ReadActiveAsync(TenantA, new Interval(Now, null), Ct))
            {
            }
        });
    }

    // Opens an incident `openDay` days after the clock's start, then lets `then` move it on (given a day → instant function),
    // storing every event.
    private async Task<Incident> LifeAsync(TenantId tenant, int openDay, Action<Incident, Func<int, Instant>>? then)
    {
        var start = Clock.GetCurrentInstant();
        Instant Day(int d) => start + Duration.FromDays(d);
        var incident = Incident.Open(IncidentId.New(), tenant, new NewIncident
        {
            Title = "Checkout fails",
            Impact = Prioritization.Impact.Medium,
            Urgency = Prioritization.Urgency.Medium,
        }, Day(openDay), Actor);
        if (then is not null)
        {
            incident.Acknowledge(Day(openDay) + Duration.FromMinutes(1), Actor);
            then(incident, Day);
        }

        await Incidents.AppendAsync(IncidentChange.For(incident), Ct);
        incident.MarkCommitted();
        return incident;
    }
}
