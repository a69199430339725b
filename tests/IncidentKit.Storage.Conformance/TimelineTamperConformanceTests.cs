using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage.Conformance;

/// <summary>States what a store's hash chain catches: rows edited, deleted, reordered or stripped of their hashes behind the
/// library's back, and what it says about events stored before the chain existed.</summary>
/// <typeparam name="TFixture">The store's fixture, which can tamper with its rows.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class TimelineTamperConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, ITamperableStoreFixture
{
    private readonly TFixture _fixture = fixture;

    [Fact]
    public async Task VerifyAsync_WorkNoteRewrittenWithSqlUpdate_NamesThatVersionAsChanged()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);
        var before = await store.Verify(incident);

        await store.Tamperer.EditEventAsync(TenantA, incident.Id, 3, json => json.Replace("note 3", "note 3: all fine", StringComparison.Ordinal));

        var read = await store.Incidents.ReadAsync(TenantA, incident.Id, 0, Ct);
        Assert.Equal("note 3: all fine", Assert.IsType<WorkNoteAdded>(read.Events[2]).Text); // the edit is what readers now see
        var broken = (await store.Verify(incident)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal((3L, TimelineBreakKind.ContentChanged), (broken.Version, broken.Kind));
        Assert.Matches("^[0-9a-f]{64}$", broken.Expected);
        Assert.NotEqual(broken.Expected, broken.Found);
        Assert.True(before.IsIntact);
    }

    [Fact]
    public async Task VerifyAsync_EventRowDeletedInTheMiddle_NamesTheMissingVersion()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);

        await store.Tamperer.DeleteEventAsync(TenantA, incident.Id, 3);

        Assert.Equal(new TimelineBreak(3, TimelineBreakKind.EventMissing, "version 3", "version 4"), (await store.Verify(incident)).FirstBreak);
    }

    [Fact]
    public async Task VerifyAsync_LastEventRowDeleted_NamesTheMissingVersionAtTheEnd()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);

        await store.Tamperer.DeleteEventAsync(TenantA, incident.Id, 5);

        Assert.Equal(new TimelineBreak(5, TimelineBreakKind.EventMissing, "version 5", "end of stream"), (await store.Verify(incident)).FirstBreak);
    }

    [Fact]
    public async Task VerifyAsync_TwoEventRowsReordered_NamesTheFirstBrokenLink()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);

        await store.Tamperer.SwapEventsAsync(TenantA, incident.Id, 2, 3);

        var broken = (await store.Verify(incident)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal((2L, TimelineBreakKind.LinkBroken), (broken.Version, broken.Kind));
        Assert.NotEqual(broken.Expected, broken.Found);
    }

    [Fact]
    public async Task VerifyAsync_HashClearedAfterHashedEvents_NamesTheMissingHash()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);

        await store.Tamperer.ClearHashesAsync(TenantA, incident.Id, 4, 4);

        var broken = (await store.Verify(incident)).FirstBreak;
        Assert.Equal((4L, TimelineBreakKind.HashMissing), (broken!.Version, broken.Kind));
    }

    [Fact]
    public async Task VerifyAsync_PreChainEventsNotYetFollowedByAnAppend_AreIntactButUnprotected()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);

        await store.Tamperer.ClearHashesAsync(TenantA, incident.Id, 1, 5);

        var verification = await store.Verify(incident);
        Assert.True(verification.IsIntact);
        Assert.Equal((5L, 5L, 5L), (verification.Version, verification.PreChainEvents, verification.UnprotectedEvents));
    }

    [Fact]
    public async Task AppendAsync_AfterPreChainEvents_VouchesForThemSoALaterEditIsCaught()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);
        await store.Tamperer.ClearHashesAsync(TenantA, incident.Id, 1, 5);

        await AddNoteAsync(store, incident);
        var sealedChain = await store.Verify(incident);
        await store.Tamperer.EditEventAsync(TenantA, incident.Id, 2, json => json.Replace("note 2", "nothing happened", StringComparison.Ordinal));
        var afterEdit = await store.Verify(incident);

        Assert.True(sealedChain.IsIntact, sealedChain.FirstBreak?.ToString());
        Assert.Equal((6L, 5L, 0L), (sealedChain.Version, sealedChain.PreChainEvents, sealedChain.UnprotectedEvents));
        Assert.Equal(TimelineVerificationHead(incident), sealedChain.Head);
        Assert.Equal((6L, TimelineBreakKind.LinkBroken), (afterEdit.FirstBreak!.Version, afterEdit.FirstBreak.Kind));
    }

    [Fact]
    public async Task AppendAsync_AfterAnEarlierEventWasEditedAndRestored_LinksToTheStoredHead()
    {
        await using var store = await CreateAsync();
        var incident = await StoreWithNotesAsync(store);
        await store.Tamperer.EditEventAsync(TenantA, incident.Id, 2, json => json.Replace("note 2", "nothing happened", StringComparison.Ordinal));

        // The append links to the hash stored with version 5, not to a chain recomputed over the rows as they are now: once the
        // edit is undone the timeline is whole again.
        await AddNoteAsync(store, incident);
        await store.Tamperer.EditEventAsync(TenantA, incident.Id, 2, json => json.Replace("nothing happened", "note 2", StringComparison.Ordinal));
        var verification = await store.Verify(incident);

        Assert.True(verification.IsIntact, verification.FirstBreak?.ToString());
        Assert.Equal((6L, 0L), (verification.Version, verification.PreChainEvents));
        Assert.Equal(TimelineVerificationHead(incident), verification.Head);
    }

    private static string TimelineVerificationHead(Incident incident)
    {
        var head = EventChain.GenesisHash.ToArray();
        var version = 0L;
        foreach (var e in incident.Events)
        {
            head = EventChain.ComputeHash(incident.Tenant, incident.Id, ++version, IncidentEventSerializer.Serialize(e), head);
        }

        return Convert.ToHexStringLower(head);
    }

    private async Task<TamperableStore> CreateAsync()
    {
        var (store, tamperer) = await _fixture.CreateTamperableStoreAsync(Clock);
        return new TamperableStore(store, tamperer);
    }

    // Five events: the opening and notes 2 to 5, appended one change at a time.
    private async Task<Incident> StoreWithNotesAsync(TamperableStore store)
    {
        var incident = NewIncident(TenantA);
        await store.Incidents.AppendAsync(IncidentChange.For(incident), Ct);
        incident.MarkCommitted();
        for (var i = 0; i < 4; i++)
        {
            await AddNoteAsync(store, incident);
        }

        return incident;
    }

    private async Task AddNoteAsync(TamperableStore store, Incident incident)
    {
        incident.AddWorkNote($"note {incident.Version + 1}", Now, Actor);
        await store.Incidents.AppendAsync(IncidentChange.For(incident), Ct);
        incident.MarkCommitted();
    }

    private sealed class TamperableStore(StoreUnderTest store, ITimelineTamperer tamperer) : IAsyncDisposable
    {
        public IIncidentStore Incidents => store.Incidents;

        public ITimelineTamperer Tamperer => tamperer;

        public ValueTask<TimelineVerification> Verify(Incident incident) =>
            Assert.IsAssignableFrom<IIncidentTimelineVerifier>(store.Incidents).VerifyAsync(incident.Tenant, incident.Id, Ct);

        public ValueTask DisposeAsync() => store.DisposeAsync();
    }
}
