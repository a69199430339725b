using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.PostgreSql;
using IncidentKit.Prioritization;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// Worker PROCESSES (tests/IncidentKit.Hosting.WorkerDrill) on one database, their clocks skewed by 0, +5 s and -5 s: the +5 s
// one is killed with SIGKILL in the middle of a sweep (it has announced an act and is inside it), the others finish. Real time
// and real processes, so the thresholds are seconds apart; the drill checks stored facts, not timings.
public sealed class WorkerProcessDrillTests
{
    private const int IncidentsPerTenant = 25;
    private const int ActsBeforeKill = 3;

    // Each act takes 120 ms and a sweep claims 30 incidents under a 3 s lease (the child's settings): a batch outlasts its lease,
    // so without renewal another worker would claim the batch's last incidents while the first still works through it.
    private const int ActMilliseconds = 120;
    private static readonly int[] Skews = [0, 5, -5];
    private static readonly Duration[] Offsets = [Duration.FromSeconds(4), Duration.FromSeconds(7)];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // What SQLite promises across processes (see SqliteIncidentStore's remarks): each threshold is recorded once and nothing
    // acknowledged is lost, even when clocks disagree; leases follow each process's own clock, so skewed processes may act on
    // the same incident at once (printed, not asserted: that is the documented limit).
    [Fact]
    public async Task SqliteWorkerProcesses_OneKilledMidSweepAndClocksSkewed_RecordEveryThresholdOnce()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-worker-drill-").FullName;
        try
        {
            var connectionString = $"Data Source={Path.Combine(directory, "incidents.db")}";
            using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = connectionString }, SystemClock.Instance);
            await store.MigrateAsync(Token);

            var acts = await RunDrillAsync("sqlite", connectionString, "", store);

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"SQLite: {acts.Survivors.Count(a => a.Value > 1)} thresholds acted on more than once by the surviving processes (allowed: leases follow each process's clock).");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Leases on the database's now(), renewed while a worker acts: skew moves only when a node sees work, never who holds it, and
    // a batch that outlasts its lease stays with its worker, so no surviving node acts on a threshold another already acts on.
    [Fact]
    public async Task PostgreSqlWorkerProcesses_OneKilledMidSweepAndClocksSkewedByFiveSeconds_RecordEveryThresholdOnceAndActOnce()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("workerdrill", Token);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var store = new PostgreSqlIncidentStore(dataSource, new PostgreSqlStoreOptions { Schema = "drill" });
        await store.MigrateAsync(Token);

        var acts = await RunDrillAsync("postgresql", database.ConnectionString, "drill", store);

        Assert.All(acts.Survivors, a => Assert.True(a.Value == 1, $"{a.Key} was acted on {a.Value} times by surviving workers"));
    }

    private static async Task<Acts> RunDrillAsync<TStore>(string kind, string connectionString, string schema, TStore store)
        where TStore : IIncidentStore, IDueWorkStore, IOutboxStore, IIncidentTimelineVerifier
    {
        var child = typeof(WorkerProcessDrillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerDrillPath").Value!;
        Assert.True(File.Exists(child), $"the worker drill child is not built at {child}");
        var nodes = new List<Node>();
        try
        {
            for (var i = 0; i < Skews.Length; i++)
            {
                nodes.Add(Node.Start(child, i, kind, connectionString, schema, Skews[i]));
            }

            foreach (var node in nodes)
            {
                await node.Ready.Task.WaitAsync(Deadline, Token);
            }

            var tenants = new[] { new TenantId("north"), new TenantId("south") };
            var opener = new IncidentService(store, SystemClock.Instance, new IncidentServiceOptions { Automations = { new ThresholdAutomation(Offsets[0]) } });
            var incidents = new List<Incident>();
            foreach (var tenant in tenants)
            {
                for (var n = 0; n < IncidentsPerTenant; n++)
                {
                    incidents.Add(await opener.OpenAsync(tenant, new NewIncident { Title = $"Incident {n}", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token));
                }
            }

            // The +5 s node: announce an act, then SIGKILL while it is inside it (its claims are held and unfinished).
            var victim = nodes[1];
            await victim.ActedEnough.Task.WaitAsync(Deadline, Token);
            victim.Kill();

            var finished = Stopwatch.StartNew();
            while (!await AllDoneAsync(store, incidents))
            {
                Assert.True(finished.Elapsed < Deadline, "the surviving workers did not finish every threshold: " + string.Join(" | ", nodes.Select(n => n.Errors)));
                await Task.Delay(TimeSpan.FromMilliseconds(250), Token);
            }

            foreach (var incident in incidents)
            {
                var notes = (await store.ReadAsync(incident.Tenant, incident.Id, 0, Token)).Events.OfType<WorkNoteAdded>().ToList();
                Assert.Equal(["threshold 0", "threshold 1"], notes.Select(n => n.Text));
                Assert.Equal([incident.OpenedAt + Offsets[0], incident.OpenedAt + Offsets[1]], notes.Select(n => n.At));
                var verification = await store.VerifyAsync(incident.Tenant, incident.Id, Token);
                Assert.True(verification.IsIntact, verification.FirstBreak?.ToString());
            }

            foreach (var tenant in tenants)
            {
                var outbox = await store.ListOutboxAsync(tenant, 1000, Token);
                Assert.Equal(Offsets.Length * IncidentsPerTenant, outbox.Count);
                Assert.Equal(outbox.Count, outbox.Select(m => m.IdempotencyKey).Distinct().Count());
            }

            Assert.True(victim.Acted.Count >= ActsBeforeKill);
            var survivors = nodes.Where(n => n != victim).SelectMany(n => n.Acted).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{kind}: {incidents.Count * Offsets.Length} thresholds, {victim.Acted.Count} announced by the killed node, " +
                $"{string.Join(", ", nodes.Select(n => $"node {n.Index} acted {n.Acted.Count}"))}; finished {finished.Elapsed.TotalSeconds:F1} s after the kill.");
            return new Acts(survivors);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Kill();
            }

            foreach (var node in nodes)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(await node.ErrorsAsync());
                node.Dispose();
            }
        }
    }

    private static async Task<bool> AllDoneAsync<TStore>(TStore store, List<Incident> incidents)
        where TStore : IDueWorkStore
    {
        foreach (var incident in incidents)
        {
            if (await store.FindDueOrNullAsync(incident.Tenant, incident.Id, Token) is not null)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Acts(Dictionary<string, int> Survivors);

    // One worker process and what it printed.
    private sealed class Node : IDisposable
    {
        private readonly Process _process;
        private readonly Task _stdout;
        private readonly Task<string> _stderr;

        private Node(int index, Process process)
        {
            Index = index;
            _process = process;
            _stderr = process.StandardError.ReadToEndAsync();
            _stdout = Task.Run(ReadAsync);
        }

        public int Index { get; }

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ActedEnough { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Acted { get; } = new();

        public string Errors => _stderr.IsCompleted ? $"node {Index}: {_stderr.Result}" : $"node {Index} running";

        public async Task<string> ErrorsAsync() => $"node {Index} logged: {await _stderr.WaitAsync(TimeSpan.FromSeconds(10))}";

        public static Node Start(string child, int index, string kind, string connectionString, string schema, int skewSeconds)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var arg in new[] { child, kind, connectionString, schema, $"node-{index}", skewSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(',', Offsets.Select(o => o.TotalSeconds)), ActMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            return new Node(index, Process.Start(start)!);
        }

        // SIGKILL on Unix: no flush, no lease handed back, no clean close.
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public void Dispose() => _process.Dispose();

        private async Task ReadAsync()
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "ready")
                {
                    Ready.TrySetResult();
                }
                else if (line.StartsWith("act ", StringComparison.Ordinal))
                {
                    Acted.Enqueue(line[4..]);
                    if (Acted.Count >= ActsBeforeKill)
                    {
                        ActedEnough.TrySetResult();
                    }
                }
            }

            Ready.TrySetException(new InvalidOperationException($"worker node {Index} exited before it was ready: {await _stderr}"));
        }
    }
}
