using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Hosting.Tests.Notifications;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.OnCall;

// Tonight's override, added while the host runs: the next page goes to the person covering, on this node, on another node
// over the same database and after a restart; the people involved hear of the handoff.
public sealed class OnCallAdjustmentsTests
{
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Bob = new("bob");
    private static readonly UserId Carol = new("carol");
    private static readonly UserId Lead = new("lead");
    private static readonly ScheduleId Primary = new("checkout-primary");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static void Configure(IncidentKitOptions o)
    {
        o.Schedules.Add(NotificationHost.OnCall);
        o.Escalation = new EscalationMatrixBuilder().UseFallback(new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule(Primary.Value))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Bob))
            .Build()).Build();
    }

    [Fact]
    public async Task AddOverrideAsync_WhileRunning_NextPageGoesToWhoeverCovers()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = await StartAsync(time, null);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());

        await host.Services.GetRequiredService<OnCallAdjustments>().AddOverrideAsync(Primary,
            new ScheduleOverride(new Interval(now, now + Duration.FromHours(8)), Carol, Alice), Lead, "alice is ill", cancellationToken: Token);
        var incident = await OpenAsync(host);
        await SweepAsync(host, time, TimeSpan.FromMinutes(1));

        Assert.Equal([Carol], await FirstPageAsync(host, incident));
    }

    [Fact]
    public async Task RemoveAsync_Override_RotationPagesAgain()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = await StartAsync(time, null);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var adjustments = host.Services.GetRequiredService<OnCallAdjustments>();
        var added = await adjustments.AddOverrideAsync(Primary, new ScheduleOverride(new Interval(now, now + Duration.FromHours(8)), Carol), Lead, cancellationToken: Token);

        Assert.NotNull(await adjustments.RemoveAsync(added.Id, Token));
        var incident = await OpenAsync(host);
        await SweepAsync(host, time, TimeSpan.FromMinutes(1));

        Assert.Equal([Alice], await FirstPageAsync(host, incident));
        Assert.Null(await adjustments.RemoveAsync(added.Id, Token));
    }

    [Fact]
    public async Task AddOverrideAsync_OnSqliteNode_AnotherNodeAndARestartHonourIt()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-oncall-");
        try
        {
            var time = new FakeTimeProvider(WorkerHarness.Start);
            Action<IncidentKitBuilder> sqlite = b => b.UseSqlite($"Data Source={Path.Combine(directory.FullName, "incidents.db")};Pooling=False");
            var now = Instant.FromDateTimeOffset(time.GetUtcNow());
            using (var nodeA = await StartAsync(time, sqlite))
            using (var nodeB = await StartAsync(time, sqlite))
            {
                await nodeA.Services.GetRequiredService<OnCallAdjustments>().AddOverrideAsync(Primary,
                    new ScheduleOverride(new Interval(now, now + Duration.FromDays(1)), Carol, Alice), Lead, cancellationToken: Token);

                // Node B learns of it at its next refresh, one poll interval on, without being told.
                await UntilAsync(time, nodeB, r => r.Adjustments.Length == 1);
                var incident = await OpenAsync(nodeB);
                await SweepAsync(nodeB, time, TimeSpan.FromMinutes(1));
                // Either node may have claimed the first step; wait until whichever did has written it.
                Assert.Equal([Carol], await FirstPageOnAnyNodeAsync(time, incident, nodeA, nodeB));
                await nodeA.StopAsync(Token);
                await nodeB.StopAsync(Token);
            }

            using var restarted = await StartAsync(time, sqlite);
            await UntilAsync(time, restarted, r => r.Adjustments.Length == 1);
            var later = await OpenAsync(restarted);
            await SweepAsync(restarted, time, TimeSpan.FromMinutes(1));
            Assert.Equal([Carol], await FirstPageAsync(restarted, later));
            await restarted.StopAsync(Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddOverrideAsync_WithNotifications_TellsWhoCoversAndWhoIsRelieved()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var email = new RecordingChannel("email");
        using var host = await StartAsync(time, b => b.AddNotifications(o =>
        {
            o.PollInterval = TimeSpan.FromSeconds(5);
            o.Dispatcher.BundleWindow = TimeSpan.Zero;
        }).AddNotificationChannel(_ => email));
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());

        await host.Services.GetRequiredService<OnCallAdjustments>().AddOverrideAsync(Primary,
            new ScheduleOverride(new Interval(now, now + Duration.FromHours(8)), Carol), Lead, "alice is ill", cancellationToken: Token);
        await host.Services.GetRequiredService<IncidentKit.Notifications.NotificationDispatcher>().DispatchAsync(Token);

        var notices = email.Delivered.Where(m => m.EventKind == OnCallHandoffNotices.EventKind).ToList();
        Assert.Equal([Recipient.ForUser(Carol), Recipient.ForUser(Alice)], notices.Select(m => m.Recipients.Single()));
        Assert.All(notices, m => Assert.Contains("carol is on call instead of alice", m.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddOverrideAsync_UnknownScheduleOrInvalidChange_ThrowsNamingItAndStoresNothing()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = await StartAsync(time, null);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var adjustments = host.Services.GetRequiredService<OnCallAdjustments>();

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => adjustments.AddOverrideAsync(new ScheduleId("nope"),
            new ScheduleOverride(new Interval(now, now + Duration.FromHours(1)), Carol), Lead, cancellationToken: Token));
        var backwards = await Assert.ThrowsAsync<ArgumentException>(() => adjustments.AddOverrideAsync(Primary,
            new ScheduleOverride(new Interval(now, now), Carol), Lead, cancellationToken: Token));

        Assert.Contains("'nope'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("checkout-primary", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("interval", backwards.ParamName);
        Assert.Empty(await host.Services.GetRequiredService<IOnCallAdjustmentStore>().ListAsync(Instant.MinValue, Token));
    }

    [Fact]
    public async Task SwapShiftsAsync_TwoShifts_EachCoversTheOther()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = await StartAsync(time, b => b.Services.Configure<IncidentKitOptions>(o =>
        {
            o.Schedules.Clear();
            o.Schedules.Add(new OnCallScheduleBuilder(Primary, "UTC")
                .AddLayer("daily", [Alice, Bob], new LocalDateTime(2026, 3, 2, 9, 0), RotationLength.Days(1)).Build());
        }));
        var monday = Instant.FromUtc(2026, 3, 2, 9, 0);
        var tuesday = monday + Duration.FromDays(1);
        var adjustments = host.Services.GetRequiredService<OnCallAdjustments>();

        var swap = await adjustments.SwapShiftsAsync(Primary, Alice, new Interval(monday, tuesday), Bob, new Interval(tuesday, tuesday + Duration.FromDays(1)), Lead,
            cancellationToken: Token);

        Assert.Equal(2, swap.Count);
        Assert.Equal([Bob], adjustments.Roster.Current.Schedules[Primary.Value].WhoIsOnCall(monday + Duration.FromHours(1)));
        Assert.Equal([Alice], adjustments.Roster.Current.Schedules[Primary.Value].WhoIsOnCall(tuesday + Duration.FromHours(1)));
        Assert.Equal([Alice], adjustments.Roster.Configured.Schedules[Primary.Value].WhoIsOnCall(monday + Duration.FromHours(1)));
    }

    private static async Task<IHost> StartAsync(FakeTimeProvider time, Action<IncidentKitBuilder>? more)
    {
        var host = WorkerHarness.Build(time, Configure, more);
        await host.StartAsync(Token);
        await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
        return host;
    }

    private static Task<Incident> OpenAsync(IHost host) =>
        host.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token);

    private static async Task SweepAsync(IHost host, FakeTimeProvider time, TimeSpan by)
    {
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        var beats = heartbeat.Count;
        time.Advance(by);
        await heartbeat.WaitForBeatAsync(beats, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
    }

    private static async Task<IReadOnlyList<UserId>> FirstPageAsync(IHost host, Incident incident)
    {
        var history = await host.Services.GetRequiredService<Storage.IIncidentStore>().ReadAsync(TenantId.Default, incident.Id, 0, Token);
        return history.Events.OfType<EscalationStepFired>().First(e => e.Level == 1).Recipients;
    }

    // Both nodes sweep one database, so the node that claimed the due step may still be writing it when the other node's beat
    // ends: move time a second at a time until the first page is stored (a hang guard of 30 s real time, not a timing
    // assertion; the page's recipients are what is checked).
    private static async Task<IReadOnlyList<UserId>> FirstPageOnAnyNodeAsync(FakeTimeProvider time, Incident incident, params IHost[] nodes)
    {
        var store = nodes[0].Services.GetRequiredService<Storage.IIncidentStore>();
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var history = await store.ReadAsync(TenantId.Default, incident.Id, 0, Token);
            var page = history.Events.OfType<EscalationStepFired>().FirstOrDefault(e => e.Level == 1);
            if (page is not null || guard.Elapsed > TimeSpan.FromSeconds(30))
            {
                return Assert.IsType<EscalationStepFired>(page).Recipients;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, Token);
        }
    }

    // Moves time a poll interval at a time until the node's refresh has loaded what the predicate waits for (a hang guard of
    // 30 s real time, not a timing assertion: the refresh runs on the fake timer, its completion is what is awaited).
    private static async Task UntilAsync(FakeTimeProvider time, IHost node, Func<LiveOnCallRoster, bool> loaded)
    {
        var roster = node.Services.GetRequiredService<LiveOnCallRoster>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!loaded(roster))
        {
            Assert.True(DateTime.UtcNow < deadline, "The node never loaded the stored on-call change.");
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20, Token);
        }
    }
}
