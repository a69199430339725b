using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.Storage.Conformance;

/// <summary>States that ordinary contention never makes <see cref="IncidentService"/> give a command up, and that a retry reads
/// only the events appended since the version it held.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class ContentionConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    [Fact]
    public async Task ExecuteAsync_EightWritersOnOneIncidentAtDefaultSettings_GiveUpNone()
    {
        const int Writers = 8;
        const int Each = 25;
        var counting = new CountingIncidentStore(Incidents);
        var service = new IncidentService(counting, Clock);
        var opened = await service.OpenAsync(TenantA, Details(), Actor, null, Ct);
        var gaveUp = 0;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < Each; n++)
            {
                try
                {
                    await service.ExecuteAsync(TenantA, opened.Id, (i, at) => i.AddWorkNote($"writer {w} note {n}", at, Actor), Ct);
                }
                catch (IncidentConcurrencyException)
                {
                    Interlocked.Increment(ref gaveUp);
                }
            }
        }, Ct)));

        Assert.Equal(0, gaveUp);
        var stored = await Incidents.ReadAsync(TenantA, opened.Id, 0, Ct);
        Assert.Equal(1 + (Writers * Each), stored.Version);

        // Writers sharing a service take turns on the incident, so none of them ever conflicts with another.
        Assert.Equal(0, counting.Conflicts);
        Assert.Equal(0, service.ConflictsRetried);
    }

    [Fact]
    public async Task ExecuteAsync_EightWritersEachWithItsOwnServiceAtDefaultSettings_GiveUpNone()
    {
        // Eight services stand for eight nodes: they cannot take turns, so they conflict and retry with backoff.
        const int Writers = 8;
        const int Each = 15;
        var counting = new CountingIncidentStore(Incidents);
        var services = Enumerable.Range(0, Writers).Select(_ => new IncidentService(counting, Clock)).ToArray();
        var opened = await services[0].OpenAsync(TenantA, Details(), Actor, null, Ct);
        var gaveUp = 0;

        await Task.WhenAll(services.Select((service, w) => Task.Run(async () =>
        {
            for (var n = 0; n < Each; n++)
            {
                try
                {
                    await service.ExecuteAsync(TenantA, opened.Id, (i, at) => i.AddWorkNote($"node {w} note {n}", at, Actor), Ct);
                }
                catch (IncidentConcurrencyException)
                {
                    Interlocked.Increment(ref gaveUp);
                }
            }
        }, Ct)));

        Assert.Equal(0, gaveUp);
        Assert.Equal(1 + (Writers * Each), (await Incidents.ReadAsync(TenantA, opened.Id, 0, Ct)).Version);
        Assert.Equal(counting.Conflicts, services.Sum(s => s.ConflictsRetried));
    }

    [Fact]
    public async Task ExecuteAsync_AfterAConflict_ReadsOnlyTheEventsAfterTheVersionHeld()
    {
        var reads = new ReadRecordingStore(Incidents);
        var service = new IncidentService(reads, Clock);
        var rival = new IncidentService(Incidents, Clock);
        var opened = await rival.OpenAsync(TenantA, Details(), Actor, null, Ct);
        await rival.ExecuteAsync(TenantA, opened.Id, (i, at) => i.AddWorkNote("first", at, Actor), Ct);
        var attempts = 0;

        var result = await service.ExecuteAsync(TenantA, opened.Id, (incident, at) =>
        {
            if (++attempts == 1)
            {
                // Another writer appends two events between this decision's read and its append.
                rival.ExecuteAsync(TenantA, opened.Id, (i, t) => i.AddWorkNote("rival 1", t, Actor), Ct).GetAwaiter().GetResult();
                rival.ExecuteAsync(TenantA, opened.Id, (i, t) => i.AddWorkNote("rival 2", t, Actor), Ct).GetAwaiter().GetResult();
            }

            incident.Acknowledge(at, Actor);
        }, Ct);

        Assert.Equal(2, attempts);
        Assert.Equal([0L, 2L], reads.FromVersions);
        Assert.Equal(5, result.Version);
        Assert.Equal(IncidentState.Acknowledged, result.State);
        Assert.Equal(3, result.WorkNoteCount);
        var stored = Incident.FromHistory((await Incidents.ReadAsync(TenantA, opened.Id, 0, Ct)).Events);
        Assert.Equal(stored.ToSummary(), result.ToSummary());
    }

    private static NewIncident Details() => new()
    {
        Title = "Checkout fails",
        Impact = new Impact(2),
        Urgency = new Urgency(2),
        Service = "checkout",
    };

    private sealed class ReadRecordingStore(IIncidentStore inner) : IIncidentStore
    {
        public List<long> FromVersions { get; } = [];

        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
        {
            lock (FromVersions)
            {
                FromVersions.Add(fromVersion);
            }

            return inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);
        }

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(change, cancellationToken);
    }
}
