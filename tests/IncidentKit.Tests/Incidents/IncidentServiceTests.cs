using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentServiceTests
{
    private readonly FakeClock _clock = new(T0);
    private readonly InMemoryIncidentStore _store = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAsync_StampsTheClockAndStores()
    {
        var service = new IncidentService(_store, _clock);
        var incident = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);

        Assert.Equal(T0, incident.OpenedAt);
        Assert.Empty(incident.PendingEvents);
        Assert.Equal(1, incident.CommittedVersion);
        var history = await _store.ReadAsync(Tenant, incident.Id, cancellationToken: Token);
        Assert.Equal(incident.Events, history.Events);
    }

    [Fact]
    public async Task OpenAsync_SameIdTwice_ThrowsConcurrencyException()
    {
        var service = new IncidentService(_store, _clock);
        var id = IncidentId.New();
        await service.OpenAsync(Tenant, Details(), Alice, id, Token);
        await Assert.ThrowsAsync<IncidentConcurrencyException>(() => service.OpenAsync(Tenant, Details(), Alice, id, Token));
    }

    [Fact]
    public async Task ExecuteAsync_Decision_TimestampsEventsWithTheClockReadOncePerAttempt()
    {
        var service = new IncidentService(_store, _clock);
        var opened = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        _clock.Advance(Duration.FromMinutes(3));

        var incident = await service.ExecuteAsync(Tenant, opened.Id, (i, now) =>
        {
            i.Acknowledge(now, Bob);
            i.StartWork(now, Bob);
        }, Token);

        Assert.Equal(IncidentState.InProgress, incident.State);
        Assert.All(incident.Events.Skip(1), e => Assert.Equal(T0 + Duration.FromMinutes(3), e.At));
        Assert.Empty(incident.PendingEvents);
        var reloaded = await service.FindOrNullAsync(Tenant, opened.Id, Token);
        AssertSameIncident(incident, reloaded!);
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentWriterWinsFirst_DecidesAgainAndStreamStaysContiguous()
    {
        var other = new IncidentService(_store, _clock);
        var opened = await other.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        var racing = new RacingStore(_store, races: 1, () =>
            other.ExecuteAsync(Tenant, opened.Id, (i, now) => i.AddWorkNote("meanwhile, from another node", now, Bob), Token));
        var service = new IncidentService(racing, _clock);
        _clock.Advance(Duration.FromMinutes(1));

        var decisions = 0;
        var incident = await service.ExecuteAsync(Tenant, opened.Id, (i, now) =>
        {
            decisions++;
            i.Acknowledge(now, Alice);
        }, Token);

        Assert.Equal(2, decisions);
        Assert.Equal(1, racing.Injected);
        var history = await _store.ReadAsync(Tenant, opened.Id, cancellationToken: Token);
        Assert.Equal(3, history.Version);
        Assert.Equal(history.Version, history.Events.Count);
        Assert.Equal(["IncidentOpened", "WorkNoteAdded", "IncidentAcknowledged"], history.Events.Select(e => e.GetType().Name));
        Assert.Equal(history.Events.Count, history.Events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(history.Events, incident.Events);
        Assert.Equal(3, incident.CommittedVersion);
        Assert.Equal(1, incident.WorkNoteCount);
    }

    [Fact]
    public async Task ExecuteAsync_ConflictMakesTheDecisionInvalid_ThrowsTransitionExceptionAndWritesNothingMore()
    {
        var other = new IncidentService(_store, _clock);
        var opened = await other.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        var racing = new RacingStore(_store, races: 1, () =>
            other.ExecuteAsync(Tenant, opened.Id, (i, now) => i.Cancel("duplicate", now, Bob), Token));
        var service = new IncidentService(racing, _clock);

        var ex = await Assert.ThrowsAsync<InvalidIncidentTransitionException>(() =>
            service.ExecuteAsync(Tenant, opened.Id, (i, now) => i.Acknowledge(now, Alice), Token));

        Assert.Equal(IncidentState.Cancelled, ex.State);
        var history = await _store.ReadAsync(Tenant, opened.Id, cancellationToken: Token);
        Assert.Equal(["IncidentOpened", "IncidentCancelled"], history.Events.Select(e => e.GetType().Name));
    }

    [Fact]
    public async Task ExecuteAsync_OtherWritersAlwaysWin_SurfacesConcurrencyExceptionAfterMaxAttempts()
    {
        var other = new IncidentService(_store, _clock);
        var opened = await other.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        var racing = new RacingStore(_store, races: int.MaxValue, () =>
            other.ExecuteAsync(Tenant, opened.Id, (i, now) => i.AddWorkNote("busy", now, Bob), Token));
        var service = new IncidentService(racing, _clock, new IncidentServiceOptions { MaxAttempts = 3 });

        var decisions = 0;
        var ex = await Assert.ThrowsAsync<IncidentConcurrencyException>(() =>
            service.ExecuteAsync(Tenant, opened.Id, (i, now) =>
            {
                decisions++;
                i.Acknowledge(now, Alice);
            }, Token));

        Assert.Equal(3, decisions);
        Assert.Equal(opened.Id, ex.Incident);
        Assert.Equal(Tenant, ex.Tenant);
        var history = await _store.ReadAsync(Tenant, opened.Id, cancellationToken: Token);
        Assert.Equal(4, history.Version);
        Assert.DoesNotContain(history.Events, e => e is IncidentAcknowledged);
    }

    [Fact]
    public async Task ExecuteAsync_DecisionThrows_WritesNothing()
    {
        var service = new IncidentService(_store, _clock);
        var opened = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.ExecuteAsync(Tenant, opened.Id, (i, now) =>
        {
            i.Acknowledge(now, Alice);
            throw new InvalidOperationException("the operator changed their mind");
        }, Token));
        await Assert.ThrowsAsync<InvalidIncidentTransitionException>(() =>
            service.ExecuteAsync(Tenant, opened.Id, (i, now) => i.Close(now, Alice), Token));

        var history = await _store.ReadAsync(Tenant, opened.Id, cancellationToken: Token);
        Assert.Equal(1, history.Version);
    }

    [Fact]
    public async Task ExecuteAsync_DecisionRecordsNothing_DoesNotAppend()
    {
        var service = new IncidentService(_store, _clock);
        var opened = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        var racing = new RacingStore(_store, races: 0, () => Task.CompletedTask);
        var incident = await new IncidentService(racing, _clock).ExecuteAsync(Tenant, opened.Id, (_, _) => { }, Token);
        Assert.Equal(1, incident.Version);
        Assert.Equal(0, racing.Appends);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownIncidentOrOtherTenant_ThrowsIncidentNotFound()
    {
        var service = new IncidentService(_store, _clock);
        var opened = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        var unknown = IncidentId.New();
        var missing = await Assert.ThrowsAsync<IncidentNotFoundException>(() => service.ExecuteAsync(Tenant, unknown, (_, _) => { }, Token));
        var foreign = await Assert.ThrowsAsync<IncidentNotFoundException>(() => service.ExecuteAsync(new TenantId("globex"), opened.Id, (_, _) => { }, Token));

        Assert.Equal((Tenant, unknown), (missing.Tenant, missing.Incident));
        Assert.Equal((new TenantId("globex"), opened.Id), (foreign.Tenant, foreign.Incident));
        Assert.Equal($"Tenant 'globex' has no incident {opened.Id}.", foreign.Message);
        Assert.IsAssignableFrom<KeyNotFoundException>(foreign);   // code that caught KeyNotFoundException still does
        Assert.Null(await service.FindOrNullAsync(new TenantId("globex"), opened.Id, Token));
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("store", Assert.Throws<ArgumentNullException>(() => new IncidentService(null!, _clock)).ParamName);
        Assert.Equal("clock", Assert.Throws<ArgumentNullException>(() => new IncidentService(_store, null!)).ParamName);
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentService(_store, _clock, new IncidentServiceOptions { MaxAttempts = 0 })).ParamName);
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentService(_store, _clock, new IncidentServiceOptions { MaxAttempts = 10_001 })).ParamName);
        Assert.Equal("decide", Assert.Throws<ArgumentNullException>(() => new IncidentService(_store, _clock).ExecuteAsync(Tenant, IncidentId.New(), null!, Token).GetAwaiter().GetResult()).ParamName);
    }

    /// <summary>Lets another writer append just before each of the first <c>races</c> appends, forcing a conflict.</summary>
    [Fact]
    public async Task ExecuteAsync_ConflictsOutlastTheRetryBudget_SurfacesTheConflictAfterBackingOff()
    {
        var other = new IncidentService(_store, _clock);
        var opened = await other.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        var racing = new RacingStore(_store, races: int.MaxValue, () =>
            other.ExecuteAsync(Tenant, opened.Id, (i, now) => i.AddWorkNote("busy", now, Bob), Token));
        var service = new IncidentService(racing, _clock, new IncidentServiceOptions { RetryBudget = TimeSpan.FromMilliseconds(200) });
        var decisions = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<IncidentConcurrencyException>(() =>
            service.ExecuteAsync(Tenant, opened.Id, (i, now) =>
            {
                decisions++;
                i.Acknowledge(now, Alice);
            }, Token));

        // The budget, not the 1 000 attempts, ended the retries; each retry waited a little (jittered backoff) first.
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        Assert.InRange(decisions, 3, 999);
        Assert.Equal(decisions - 1, service.ConflictsRetried);
    }

    [Fact]
    public async Task ExecuteAsync_IncidentItCommittedBefore_ReadsOnlyTheEventsAppendedSince()
    {
        var reads = new ReadRecordingStore(_store);
        var service = new IncidentService(reads, _clock);
        var opened = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);

        await service.ExecuteAsync(Tenant, opened.Id, (i, now) => i.Acknowledge(now, Alice), Token);
        var noted = await service.ExecuteAsync(Tenant, opened.Id, (i, now) => i.AddWorkNote("rolled back", now, Alice), Token);

        Assert.Equal(3, noted.Version);
        Assert.Equal([1L, 2L], reads.FromVersions);
    }

    [Fact]
    public async Task ExecuteAsync_HeldIncidentChangedByAnotherService_DecidesOnTheStoredState()
    {
        var service = new IncidentService(_store, _clock);
        var otherNode = new IncidentService(_store, _clock);
        var opened = await service.OpenAsync(Tenant, Details(), Alice, cancellationToken: Token);
        await otherNode.ExecuteAsync(Tenant, opened.Id, (i, now) => i.Acknowledge(now, Alice), Token);

        var noted = await service.ExecuteAsync(Tenant, opened.Id, (i, now) =>
        {
            Assert.Equal(IncidentState.Acknowledged, i.State);
            i.AddWorkNote("seen the acknowledgement", now, Alice);
        }, Token);

        Assert.Equal(3, noted.Version);
        Assert.Equal(noted.Events, (await _store.ReadAsync(Tenant, opened.Id, cancellationToken: Token)).Events);
    }

    [Fact]
    public void RetryBudget_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentService(_store, _clock, new IncidentServiceOptions { RetryBudget = TimeSpan.FromMilliseconds(-1) }));

    // Records the version each read starts after.
    private sealed class ReadRecordingStore(IIncidentStore inner) : IIncidentStore
    {
        public List<long> FromVersions { get; } = [];

        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
        {
            FromVersions.Add(fromVersion);
            return inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);
        }

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) => inner.AppendAsync(change, cancellationToken);
    }

    private sealed class RacingStore(IIncidentStore inner, int races, Func<Task> concurrentWrite) : IIncidentStore
    {
        public int Injected { get; private set; }

        public int Appends { get; private set; }

        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public async ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
        {
            Appends++;
            if (Injected < races)
            {
                Injected++;
                await concurrentWrite();
            }

            return await inner.AppendAsync(change, cancellationToken);
        }
    }
}
