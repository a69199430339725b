using System.Collections.Concurrent;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>Runs the reliability drills of every store: no lost update, forced interleaving, exactly-once claims, stale leases
/// and duplicate appends.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class ReliabilityDrillTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private const int Writers = 8;
    private const int CommandsPerWriter = 200;
    private const int SharedIncidents = 4;

    [Fact]
    public async Task Drill1_ConcurrentWritersThroughTheService_LoseNoUpdate()
    {
        var counting = new CountingIncidentStore(Incidents);
        var service = new IncidentService(counting, Clock, new IncidentServiceOptions
        {
            MaxAttempts = 100,
            Automations = { new PlanOnlyAutomation(i => new DueWork(i.LastChangedAt + Duration.FromMinutes(i.Version), DueWorkKind.UpdateReminder)) },
        });
        var ids = new List<IncidentId>();
        for (var i = 0; i < SharedIncidents; i++)
        {
            ids.Add((await service.OpenAsync(TenantA, new NewIncident { Title = $"shared {i}", Impact = new(2), Urgency = new(2) }, Actor, cancellationToken: Ct)).Id);
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var c = 0; c < CommandsPerWriter; c++)
            {
                await service.ExecuteAsync(TenantA, ids[(w + c) % SharedIncidents], (incident, at) => incident.AddWorkNote($"w{w} c{c}", at, Actor), Ct);
            }
        }, Ct));
        await Task.WhenAll(writers);

        var notes = new List<string>();
        foreach (var id in ids)
        {
            var history = await Incidents.ReadAsync(TenantA, id, 0, Ct);
            Assert.Equal(1 + (Writers * CommandsPerWriter / SharedIncidents), history.Version);
            Assert.Equal(history.Version, history.Events.Count);
            Assert.Equal(history.Events.Count, history.Events.Select(e => e.EventId).Distinct().Count());
            notes.AddRange(history.Events.OfType<WorkNoteAdded>().Select(n => n.Text));
            var incident = Incident.FromHistory(history.Events);
            var listed = (await Incidents.ListAsync(TenantA, IncidentQuery.Open with { PageSize = 1000 }, Ct)).Items.Single(s => s.Id == id);
            Assert.Equal(incident.ToSummary(), listed);
            Assert.Equal(new DueWork(incident.LastChangedAt + Duration.FromMinutes(incident.Version), DueWorkKind.UpdateReminder),
                await DueWork.FindDueOrNullAsync(TenantA, id, Ct));
        }

        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, CommandsPerWriter).Select(c => $"w{w} c{c}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), notes.Order(StringComparer.Ordinal));
        Assert.Equal(SharedIncidents + (Writers * CommandsPerWriter) + counting.Conflicts, counting.Appends);
        TestContext.Current.TestOutputHelper?.WriteLine($"{Writers}×{CommandsPerWriter} commands: {counting.Conflicts} conflicts surfaced and retried.");
    }

    [Fact]
    public async Task Drill2_SecondWriterCommitsBetweenReadAndAppend_ThrowsConcurrencyException()
    {
        var service = new IncidentService(Incidents, Clock, new IncidentServiceOptions { MaxAttempts = 1 });
        var opened = await service.OpenAsync(TenantA, new NewIncident { Title = "race", Impact = new(1), Urgency = new(1) }, Actor, cancellationToken: Ct);
        var interloper = new IncidentService(Incidents, Clock);

        var error = await Assert.ThrowsAsync<IncidentConcurrencyException>(() => service.ExecuteAsync(TenantA, opened.Id, (incident, at) =>
        {
            interloper.ExecuteAsync(TenantA, opened.Id, (other, when) => other.Acknowledge(when, Actor), Ct).GetAwaiter().GetResult();
            incident.AddWorkNote("lost race", at, Actor);
        }, Ct));

        Assert.Equal(new ExpectedVersion(1), error.Expected);
        Assert.Equal(2, error.Actual);
        var history = await Incidents.ReadAsync(TenantA, opened.Id, 0, Ct);
        Assert.IsType<IncidentAcknowledged>(history.Events[^1]);
        Assert.Equal(2, history.Version);
    }

    [Fact]
    public async Task Drill2_WithRetries_DecidesAgainOnTheWinnersResult()
    {
        var service = new IncidentService(Incidents, Clock, new IncidentServiceOptions { MaxAttempts = 3 });
        var opened = await service.OpenAsync(TenantA, new NewIncident { Title = "race", Impact = new(1), Urgency = new(1) }, Actor, cancellationToken: Ct);
        var interloper = new IncidentService(Incidents, Clock);
        var decisions = 0;

        var result = await service.ExecuteAsync(TenantA, opened.Id, (incident, at) =>
        {
            if (++decisions == 1)
            {
                interloper.ExecuteAsync(TenantA, opened.Id, (other, when) => other.Acknowledge(when, Actor), Ct).GetAwaiter().GetResult();
            }

            incident.AddWorkNote($"decision {decisions} saw {incident.State}", at, Actor);
        }, Ct);

        Assert.Equal(2, decisions);
        Assert.Equal(3, result.Version);
        var history = await Incidents.ReadAsync(TenantA, opened.Id, 0, Ct);
        Assert.Equal("decision 2 saw Acknowledged", Assert.IsType<WorkNoteAdded>(history.Events[^1]).Text);
    }

    [Fact]
    public async Task Drill3_FourWorkersClaim2000DueItems_EachExactlyOnce()
    {
        const int Items = 2000;
        var incidents = Enumerable.Range(0, Items).Select(i => (Index: i, Incident: NewIncident(i % 2 == 0 ? TenantA : TenantB))).ToList();
        await Parallel.ForEachAsync(incidents, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Ct }, async (item, ct) =>
            await Incidents.AppendAsync(IncidentChange.For(item.Incident) with { NextDue = new DueWork(Now - Duration.FromSeconds(item.Index % 60), DueWorkKind.SlaThreshold) }, ct));
        var expected = incidents.Select(i => (i.Incident.Tenant, i.Incident.Id)).ToHashSet();

        var claims = new ConcurrentBag<ClaimedDueWork>();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await DueWork.ClaimDueAsync($"worker-{w}", Duration.FromMinutes(5), 25, Ct);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var claim in batch)
                {
                    claims.Add(claim);
                    Assert.True(await DueWork.CompleteDueAsync(claim, Ct));
                }
            }
        }, Ct));
        await Task.WhenAll(workers);

        Assert.Equal(Items, claims.Count);
        Assert.Equal(expected, claims.Select(c => (c.Tenant, c.Incident)).ToHashSet());
        Assert.Empty(await DueWork.ClaimDueAsync("late-worker", Duration.FromMinutes(5), 10, Ct));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", claims.GroupBy(c => c.Lease.Owner).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
    }

    [Fact]
    public async Task Drill4_StaleOwnerAfterReclaim_CannotCompleteOrRelease()
    {
        var incident = await StoreNewAsync(TenantA, new DueWork(Now, DueWorkKind.EscalationStep));
        var stale = Assert.Single(await DueWork.ClaimDueAsync("paused-worker", Duration.FromSeconds(10), 10, Ct));
        Clock.Advance(Duration.FromSeconds(11));
        var fresh = Assert.Single(await DueWork.ClaimDueAsync("live-worker", Duration.FromSeconds(10), 10, Ct));

        var staleCompleted = await DueWork.CompleteDueAsync(stale, Ct);
        var staleReleased = await DueWork.ReleaseDueAsync(stale, Ct);

        Assert.False(staleCompleted);
        Assert.False(staleReleased);
        Assert.Empty(await DueWork.ClaimDueAsync("third-worker", Duration.FromSeconds(10), 10, Ct));
        Assert.True(await DueWork.CompleteDueAsync(fresh, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
    }

    [Fact]
    public async Task Drill5_SameChangeAppendedConcurrently_StoresOneCopy()
    {
        var incident = await StoreNewAsync(TenantA);
        incident.AddWorkNote("retry me", Now, Actor);
        incident.Acknowledge(Now, Actor);
        var change = IncidentChange.For(incident) with { Outbox = [Message(incident)] };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () => await Incidents.AppendAsync(change, Ct), Ct)));

        Assert.Single(results, r => !r.WasDuplicate);
        Assert.All(results, r => Assert.Equal(3, r.Version));
        var history = await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct);
        Assert.Equal(Json(incident.Events), Json(history.Events));
        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
    }
}
