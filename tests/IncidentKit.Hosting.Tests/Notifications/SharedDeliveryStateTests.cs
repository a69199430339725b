using System.Collections.Concurrent;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.PostgreSql;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Notifications;

// The delivery state two dispatcher nodes must share through their database (the ledger claimed before sending, the
// throttling windows, the subscriptions), and the dead letters an operator requeues. Each node is a host wired as a user
// would (AddIncidentKit().AddNotifications().UsePostgreSql/UseSqlite); passes are driven by hand so the interleaving is exact.
public sealed class SharedDeliveryStateTests
{
    private static readonly Recipient Stakeholders = Recipient.ForGroup("checkout-stakeholders");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DispatchAsync_TwoNodesOnePostgreSqlDatabase_LeaseLapsesMidSend_SendsTheKeyOnce()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("ledger", Token);
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var pager = new GatedChannel();
        using var a = await StartAsync(time, PostgreSql(database, time), pager, "a");
        using var b = await StartAsync(time, PostgreSql(database, time), pager, "b");
        await a.Services.GetRequiredService<ISubscriptionStore>().AddAsync(new Subscription(TenantId.Default, Stakeholders, SubscriptionTarget.ForService("checkout")), Token);
        await OpenAsync(b);

        // Node a sends, slowly: its outbox lease (5 s) lapses mid-send and node b claims the same row.
        var slow = a.Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(Token);
        await pager.Entered.WaitAsync(TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await b.Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(Token);
        pager.Open();
        await slow.WaitAsync(TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromMinutes(6));
        var third = await b.Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(Token);

        Assert.Equal(1, second.Claimed);
        Assert.Equal(1, second.Postponed);
        Assert.Equal(1, third.Duplicates);
        var arrival = Assert.Single(pager.Arrivals);
        Assert.Equal(1, arrival.Value);
        Assert.Empty(await a.Services.GetRequiredService<IOutboxStore>().ListOutboxAsync(TenantId.Default, 10, Token));
    }

    [Fact]
    public async Task DispatchAsync_TwoNodesOnePostgreSqlDatabase_ThrottleTheSameRecipientsTogether()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("throttle", Token);
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var pager = new GatedChannel(gated: false);
        Action<NotificationHostingOptions> oneAtATime = o =>
        {
            o.Dispatcher.BatchSize = 1;
            o.Dispatcher.BundleWindow = TimeSpan.FromMinutes(1);
        };
        using var a = await StartAsync(time, PostgreSql(database, time), pager, "a", oneAtATime);
        using var b = await StartAsync(time, PostgreSql(database, time), pager, "b", oneAtATime);
        await a.Services.GetRequiredService<ISubscriptionStore>().AddAsync(new Subscription(TenantId.Default, Stakeholders, SubscriptionTarget.ForService("checkout")), Token);
        var first = await OpenAsync(a);
        var second = await OpenAsync(a, "Payments are slow");
        var dispatcherA = a.Services.GetRequiredService<NotificationDispatcher>();
        var dispatcherB = b.Services.GetRequiredService<NotificationDispatcher>();
        while ((await dispatcherA.DispatchAsync(Token)).Claimed > 0)
        {
            // "Opened" is a state change, sent at once whatever the window; flush both before the throttled part.
        }

        time.Advance(TimeSpan.FromMinutes(2));
        var incidents = a.Services.GetRequiredService<IncidentService>();
        foreach (var incident in new[] { first, second })
        {
            await incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, now) => i.PostStatusUpdate("Rolling back the deploy.", Audience.Internal, now, new UserId("alice")), Token);
        }

        var before = pager.Sends.Count;
        await dispatcherA.DispatchAsync(Token);
        var held = await dispatcherB.DispatchAsync(Token);
        Assert.Equal(before + 1, pager.Sends.Count);
        Assert.Equal(1, held.Postponed);

        time.Advance(TimeSpan.FromMinutes(1));
        await dispatcherB.DispatchAsync(Token);
        Assert.Equal(before + 2, pager.Sends.Count);
        Assert.All(pager.Sends.Skip(before), m => Assert.Equal("status-update-posted", m.EventKind));
    }

    [Fact]
    public async Task AbandonAsync_PermanentFailure_DeadLetterDegradesHealthUntilRequeuedAndDelivered()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-deadletters-");
        try
        {
            var time = new FakeTimeProvider(WorkerHarness.Start);
            var pager = new GatedChannel(gated: false) { Permanent = true };
            using var host = await StartAsync(time, b => b.UseSqlite($"Data Source={Path.Combine(directory.FullName, "incidents.db")};Pooling=False"), pager, "a");
            await host.Services.GetRequiredService<ISubscriptionStore>().AddAsync(new Subscription(TenantId.Default, Stakeholders, SubscriptionTarget.ForService("checkout")), Token);
            await OpenAsync(host);
            var dispatcher = host.Services.GetRequiredService<NotificationDispatcher>();
            var health = host.Services.GetRequiredService<HealthCheckService>();
            var deadLetters = host.Services.GetRequiredService<IOutboxDeadLetterStore>();

            Assert.Equal(1, (await dispatcher.DispatchAsync(Token)).Abandoned);

            var dead = Assert.Single(await deadLetters.ListDeadLettersAsync(TenantId.Default, 10, Token));
            Assert.StartsWith("abandoned:", dead.Reason, StringComparison.Ordinal);
            Assert.Empty(await host.Services.GetRequiredService<IOutboxStore>().ListOutboxAsync(TenantId.Default, 10, Token));
            var report = await health.CheckHealthAsync(Token);
            Assert.Equal(HealthStatus.Degraded, report.Status);
            Assert.Contains("dead letters", report.Entries.Values.Single().Description, StringComparison.Ordinal);
            Assert.Equal(1L, report.Entries.Values.Single().Data["outbox.dead_letters"]);

            pager.Permanent = false;
            Assert.True(await deadLetters.RequeueDeadLetterAsync(TenantId.Default, dead.Message.Id, Token));
            Assert.Equal(1, (await dispatcher.DispatchAsync(Token)).Delivered);
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Token)).Status);
            await host.StopAsync(Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddAsync_SubscriptionOnSqliteHost_SurvivesARestart()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-subscriptions-");
        try
        {
            var time = new FakeTimeProvider(WorkerHarness.Start);
            Action<IncidentKitBuilder> sqlite = b => b.UseSqlite($"Data Source={Path.Combine(directory.FullName, "incidents.db")};Pooling=False");
            var pager = new GatedChannel(gated: false);
            using (var before = await StartAsync(time, sqlite, pager, "a"))
            {
                await before.Services.GetRequiredService<ISubscriptionStore>().AddAsync(new Subscription(TenantId.Default, Stakeholders, SubscriptionTarget.ForService("checkout")), Token);
                await before.StopAsync(Token);
            }

            using var after = await StartAsync(time, sqlite, pager, "a");
            await OpenAsync(after);
            await after.Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(Token);

            Assert.Equal([Stakeholders], pager.Sends.Single().Recipients);
            await after.StopAsync(Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static Action<IncidentKitBuilder> PostgreSql(PostgreSqlTestDatabase database, FakeTimeProvider time)
    {
        var clock = time.ToClockForTests();
        return b => b.UsePostgreSql(database.ConnectionString, o =>
        {
            o.Schema = "shared";
            o.TestClock = clock;
        });
    }

    // A node with neither worker nor background dispatcher: the test runs each pass itself.
    private static async Task<IHost> StartAsync(FakeTimeProvider time, Action<IncidentKitBuilder> useStore, GatedChannel channel, string name,
        Action<NotificationHostingOptions>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddHealthChecks().AddIncidentKitHealthCheck();
        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.EnableWorker = false;
            o.ScheduleCommunication = false;
            o.CommunicationPlans = NotificationHost.Plans;
        }).AddNotifications(o =>
        {
            o.EnableDispatcher = false;
            o.LeaseDuration = TimeSpan.FromSeconds(5);
            o.DispatcherName = $"{name}-dispatcher";
            o.RecordDeliveries = false;
            o.Dispatcher.QuickRetry.MaxRetryAttempts = 0;
            o.Dispatcher.BundleWindow = TimeSpan.Zero;
            configure?.Invoke(o);
        }).AddNotificationChannel(_ => channel);
        useStore(incidentKit);
        var host = builder.Build();
        await host.StartAsync(Token);
        return host;
    }

    private static Task<Incident> OpenAsync(IHost host, string title = "Checkout is down") =>
        host.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = title, Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" }, new UserId("monitor"), cancellationToken: Token);

    // A "pager" channel whose first send waits until the test opens it (a slow provider), counting arrivals per key.
    private sealed class GatedChannel(bool gated = true) : INotificationChannel
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public string Name => "pager";

        public bool HonoursIdempotencyKeys => true;

        public bool Permanent { get; set; }

        public Task Entered => _entered.Task;

        public ConcurrentDictionary<string, int> Arrivals { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<NotificationMessage> SendQueue { get; } = new();

        public IReadOnlyList<NotificationMessage> Sends => [.. SendQueue];

        public void Open() => _open.TrySetResult();

        public async ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
        {
            if (Permanent)
            {
                return DeliveryResult.Permanent("410 Gone: the pager integration was deleted");
            }

            if (gated && Interlocked.Increment(ref _calls) == 1)
            {
                _entered.TrySetResult();
                await _open.Task.WaitAsync(cancellationToken);
            }

            SendQueue.Enqueue(message);
            foreach (var m in message.IsBundle ? message.Bundled : [message])
            {
                Arrivals.AddOrUpdate(m.IdempotencyKey, 1, (_, n) => n + 1);
            }

            return DeliveryResult.Delivered();
        }
    }
}
