using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the outbox contract: written with the events, claimed under leases, retried, fenced and kept per tenant.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class OutboxConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    [Fact]
    public async Task AppendAsync_WithMessages_StoresThemWithTheEvents()
    {
        var incident = NewIncident(TenantA);
        var page = Message(incident, "notify.page");
        var mail = Message(incident, "notify.mail") with { CreatedAt = Now + Duration.FromSeconds(1) };

        await Incidents.AppendAsync(IncidentChange.For(incident) with { Outbox = [page, mail] }, Ct);

        Assert.Equal([page, mail], await Outbox.ListOutboxAsync(TenantA, 100, Ct));
    }

    [Fact]
    public async Task AppendAsync_Conflict_StoresNoMessage()
    {
        var incident = await StoreNewAsync(TenantA);
        var stale = Incident.FromHistory(incident.Events);
        await AddNoteAsync(incident);
        stale.AddWorkNote("late", Now, Actor);

        await Assert.ThrowsAsync<IncidentConcurrencyException>(() =>
            Incidents.AppendAsync(IncidentChange.For(stale) with { Outbox = [Message(stale)] }, Ct).AsTask());

        Assert.Empty(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
    }

    [Fact]
    public async Task ListOutboxAsync_OtherTenant_SeesNothing()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident));
        var other = await StoreNewAsync(TenantB);
        var theirs = Message(other);
        await AddNoteAsync(other, null, theirs);

        Assert.Equal([theirs], await Outbox.ListOutboxAsync(TenantB, 100, Ct));
        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Assert.Empty(await Outbox.ListOutboxAsync(new TenantId("tenant-c"), 100, Ct));
    }

    [Fact]
    public async Task ClaimOutboxAsync_ClaimsEachMessageOnceWhileLeased_AcrossTenants()
    {
        var a = await StoreNewAsync(TenantA);
        var b = await StoreNewAsync(TenantB);
        var ma = Message(a);
        var mb = Message(b) with { CreatedAt = Now + Duration.FromSeconds(1) };
        await AddNoteAsync(a, null, ma);
        await AddNoteAsync(b, null, mb);
        Clock.Advance(Duration.FromSeconds(1));

        var first = await Outbox.ClaimOutboxAsync("dispatcher-1", Lease, 10, Ct);
        var second = await Outbox.ClaimOutboxAsync("dispatcher-2", Lease, 10, Ct);

        Assert.Equal([ma, mb], first.Select(c => c.Message));
        Assert.All(first, c => Assert.Equal(1, c.Attempts));
        Assert.All(first, c => Assert.Equal(new WorkLease("dispatcher-1", first[0].Lease.Token, Now + Lease), c.Lease));
        Assert.Empty(second);
    }

    [Fact]
    public async Task ClaimOutboxAsync_MessageCreatedLater_WaitsUntilItsInstant()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident) with { CreatedAt = Now + Duration.FromMinutes(1) });

        Assert.Empty(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));
        Clock.Advance(Duration.FromMinutes(1));
        Assert.Single(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));
    }

    [Fact]
    public async Task CompleteOutboxAsync_WithCurrentLease_RemovesTheMessage()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident));
        var claim = Assert.Single(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));

        Assert.True(await Outbox.CompleteOutboxAsync(claim, Ct));
        Assert.False(await Outbox.CompleteOutboxAsync(claim, Ct));

        Assert.Empty(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Clock.Advance(Duration.FromHours(1));
        Assert.Empty(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));
    }

    [Fact]
    public async Task FailOutboxAsync_SchedulesARetryAndCountsAttempts()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident));
        var first = Assert.Single(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));

        Assert.True(await Outbox.FailOutboxAsync(first, Now + Duration.FromMinutes(2), "smtp 451 " + new string('x', 3000), Ct));
        Assert.Empty(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));
        Clock.Advance(Duration.FromMinutes(2));
        var second = Assert.Single(await Outbox.ClaimOutboxAsync("d", Lease, 10, Ct));

        Assert.Equal(2, second.Attempts);
        Assert.StartsWith("smtp 451 ", second.LastError, StringComparison.Ordinal);
        Assert.Equal(2000, second.LastError!.Length);
        Assert.Equal(first.Message, second.Message);
        Assert.False(await Outbox.FailOutboxAsync(first, Now, "stale", Ct));
        Assert.True(await Outbox.CompleteOutboxAsync(second, Ct));
    }

    [Fact]
    public async Task ClaimOutboxAsync_AfterLeaseExpiry_ReclaimsAndFencesTheStaleDispatcher()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident));
        var stale = Assert.Single(await Outbox.ClaimOutboxAsync("dispatcher-1", Lease, 10, Ct));

        Clock.Advance(Lease);
        var fresh = Assert.Single(await Outbox.ClaimOutboxAsync("dispatcher-2", Lease, 10, Ct));

        Assert.Equal(2, fresh.Attempts);
        Assert.True(fresh.Lease.Token > stale.Lease.Token);
        Assert.False(await Outbox.CompleteOutboxAsync(stale, Ct));
        Assert.False(await Outbox.FailOutboxAsync(stale, Now, "late", Ct));
        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Assert.True(await Outbox.CompleteOutboxAsync(fresh, Ct));
    }

    [Fact]
    public async Task ClaimOutboxAsync_InvalidArguments_Throw()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.ClaimOutboxAsync(" ", Lease, 10, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.ClaimOutboxAsync("d", Duration.FromDays(2), 10, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.ClaimOutboxAsync("d", Lease, 0, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Outbox.ListOutboxAsync(TenantA, 0, Ct).AsTask());
    }
}
