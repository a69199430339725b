using IncidentKit.Automations;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// Three workers on one store, as three nodes on one database: the store has its own clock (the database's), each node's clock
// is skewed by 0, +5 s or -5 s, and one node is killed in the middle of a sweep with claims it never completes.
public sealed class MultiWorkerTests
{
    private const int IncidentsPerTenant = 500;
    private static readonly Duration Warning = Duration.FromMinutes(1);
    private static readonly Duration Breach = Duration.FromMinutes(2);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeWorkers_OneKilledMidSweepAndClocksSkewed_RecordEveryThresholdExactlyOnce()
    {
        var databaseTime = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(databaseTime.ToClockForTests());

        await RunThreeWorkersAsync(databaseTime, store, _ => b => b.UseStore(_ => store));
    }

    // The scenario, for any store: 1 000 incidents in two tenants cross a warning and a breach threshold; node 2 claims a batch
    // at the first threshold and is killed inside it; nodes 0 and 1 finish, taking node 2's claims once its lease lapses.
    internal static async Task RunThreeWorkersAsync(FakeTimeProvider databaseTime, IIncidentStore view, Func<int, Action<IncidentKitBuilder>> storeFor)
    {
        var times = new[] { 0, 5, -5 }.Select(s => new FakeTimeProvider(WorkerHarness.Start.AddSeconds(s))).ToArray();
        var gate = new GateAutomation(passBefore: 30);
        var hosts = new List<IHost>();
        for (var i = 0; i < 3; i++)
        {
            IIncidentAutomation[] automations = i == 2 ? [new ThresholdAutomation(Warning, Breach), gate] : [new ThresholdAutomation(Warning, Breach)];
            var name = $"node-{i}";
            var useStore = storeFor(i);
            hosts.Add(WorkerHarness.Build(times[i], o => { o.BatchSize = 50; o.WorkerName = name; }, b =>
            {
                useStore(b);
                b.Services.AddSingleton<IOutboxPlanner, EventKeyedOutboxPlanner>();
            }, automations));
        }

        var beats = hosts.Select(h => h.Services.GetRequiredService<WorkerHeartbeat>()).ToArray();
        try
        {
            foreach (var host in hosts)
            {
                await host.StartAsync(Token);
            }

            foreach (var beat in beats)
            {
                await beat.WaitForBeatAsync(0, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            }

            var tenants = new[] { new TenantId("north"), new TenantId("south") };
            var opener = new IncidentService(view, databaseTime.ToClockForTests(), new IncidentServiceOptions
            {
                Automations = { new ThresholdAutomation(Warning, Breach) },
            });
            var incidents = new List<Incident>();
            foreach (var tenant in tenants)
            {
                var opened = await Task.WhenAll(Enumerable.Range(0, IncidentsPerTenant).Select(n =>
                    opener.OpenAsync(tenant, new NewIncident { Title = $"Incident {n}", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token)));
                incidents.AddRange(opened);
            }

            var alive = new List<int> { 0, 1, 2 };
            var killed = false;
            for (var step = 1; step <= 60; step++)
            {
                databaseTime.Advance(Step);
                if (!killed && databaseTime.GetUtcNow() >= WorkerHarness.Start + Warning.ToTimeSpan())
                {
                    // Node 2 alone reaches the first thresholds, claims a batch and stops dead inside it.
                    times[2].Advance(Step);
                    await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
                    try
                    {
                        await hosts[2].StopAsync(new CancellationToken(canceled: true));
                    }
                    catch (OperationCanceledException)
                    {
                        // An abrupt stop: nothing waits for the worker to finish.
                    }

                    gate.Release.Set();
                    alive.Remove(2);
                    killed = true;
                }

                foreach (var i in alive)
                {
                    await AdvanceAsync(times[i], beats[i]);
                }
            }

            Assert.True(killed);
            foreach (var incident in incidents)
            {
                var events = (await view.ReadAsync(incident.Tenant, incident.Id, 0, Token)).Events;
                var notes = events.OfType<WorkNoteAdded>().ToList();
                Assert.Equal([ThresholdAutomation.Note(0), ThresholdAutomation.Note(1)], notes.Select(n => n.Text));
                Assert.Equal([incident.OpenedAt + Warning, incident.OpenedAt + Breach], notes.Select(n => n.At));
                Assert.Null(await ((IDueWorkStore)view).FindDueOrNullAsync(incident.Tenant, incident.Id, Token));
            }

            foreach (var tenant in tenants)
            {
                var outbox = await ((IOutboxStore)view).ListOutboxAsync(tenant, 1000, Token);
                Assert.Equal(2 * IncidentsPerTenant, outbox.Count);
                Assert.Equal(outbox.Count, outbox.Select(m => m.IdempotencyKey).Distinct().Count());
            }

            foreach (var i in alive)
            {
                await hosts[i].StopAsync(Token);
            }
        }
        finally
        {
            gate.Release.Set();
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    private static async Task AdvanceAsync(FakeTimeProvider time, WorkerHeartbeat heartbeat)
    {
        var count = heartbeat.Count;
        time.Advance(Step);
        await heartbeat.WaitForBeatAsync(count, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
    }
}
