using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Notifications;

// A host wired the way a user would: AddIncidentKit + an escalation engine + AddNotifications + channels, over a shared
// in-memory store and a fake TimeProvider. Advancing waits for the round of both background services that the advance
// triggered (each registers its next timer before it beats), so tests never race them.
internal sealed class NotificationHost : IAsyncDisposable
{
    public static readonly UserId Alice = new("alice");
    public static readonly UserId Bob = new("bob");
    public static readonly UserId Monitor = new("monitor");
    public static readonly Recipient Stakeholders = Recipient.ForGroup("checkout-stakeholders");

    private NotificationHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();

    public WorkerHeartbeat Worker => Services.GetRequiredService<WorkerHeartbeat>();

    public IncidentKit.Notifications.Shared.WorkerHeartbeat Dispatcher => Services.GetServices<IHostedService>().OfType<NotificationDispatcherService>().Single().Heartbeat;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // P1s page and tell stakeholders on the "pager" channel; level 1 pages whoever is on call (alice), level 2 bob, 5 minutes apart.
    public static CommunicationPlans Plans { get; } = CommunicationPlans.Default.With(Priority.P1,
        CommunicationPlans.Default.ForPriority(Priority.P1).ToBuilder().UseChannels("pager").Build());

    // Alice carries the checkout pager all week (a daily rotation of one).
    public static OnCallSchedule OnCall { get; } = new OnCallScheduleBuilder(new ScheduleId("checkout-primary"), "Europe/London")
        .AddLayer("daily", [Alice], new LocalDateTime(2026, 3, 1, 9, 0), RotationLength.Days(1))
        .Build();

    public static EscalationEngine Escalation()
    {
        var policy = new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("checkout-primary"))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Bob))
            .Build();
        return new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCallRoster([OnCall]), new EscalationDirectory());
    }

    public static Task<NotificationHost> StartAsync(FakeTimeProvider time, InMemoryIncidentStore store, Action<IncidentKitBuilder> channels,
        Action<NotificationHostingOptions>? configure = null, string name = "node") =>
        StartAsync(time, b => b.UseStore(_ => store), channels, configure, name);

    public static async Task<NotificationHost> StartAsync(FakeTimeProvider time, Action<IncidentKitBuilder> useStore, Action<IncidentKitBuilder> channels,
        Action<NotificationHostingOptions>? configure = null, string name = "node")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(Escalation());
        builder.Services.AddHealthChecks().AddIncidentKitHealthCheck();
        builder.Services.AddSingleton<ISubscriptionStore>(new InMemorySubscriptionStore(
            [new Subscription(TenantId.Default, Stakeholders, SubscriptionTarget.ForService("checkout"))]));
        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.PollInterval = TimeSpan.FromSeconds(5);
            o.LeaseDuration = TimeSpan.FromSeconds(30);
            o.WorkerName = $"{name}-worker";
            o.CommunicationPlans = Plans;
            o.IncidentLinkBase = new Uri("https://ops.example.com/incidents/");
        }).AddNotifications(o =>
        {
            o.PollInterval = TimeSpan.FromSeconds(5);
            o.LeaseDuration = TimeSpan.FromSeconds(30);
            o.DispatcherName = $"{name}-dispatcher";
            o.Dispatcher.QuickRetry.Delay = TimeSpan.Zero;
            o.Dispatcher.BundleWindow = TimeSpan.Zero;
            o.Dispatcher.RetryBaseDelay = TimeSpan.FromSeconds(10);
            o.Dispatcher.RetryMaxDelay = TimeSpan.FromMinutes(1);
            configure?.Invoke(o);
        });
        useStore(incidentKit);
        channels(incidentKit);
        var host = new NotificationHost(builder.Build());
        await host.Host.StartAsync(Token);
        await host.Worker.WaitForBeatAsync(0, Token);
        await host.Dispatcher.WaitForBeatAsync(0, Token);
        return host;
    }

    public Task<Incident> OpenP1Async(string title = "Checkout is down") =>
        Incidents.OpenAsync(TenantId.Default, new NewIncident { Title = title, Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" },
            Monitor, cancellationToken: Token);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }

    private static Func<Task> Next(long count, Func<long, CancellationToken, Task> wait) => () => wait(count, Token);

    // Moves time on in steps and waits, at each step, for the round of every background service of every host.
    public static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by, TimeSpan step, params NotificationHost[] hosts)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            var beats = hosts.SelectMany(h => new Func<Task>[] { Next(h.Worker.Count, h.Worker.WaitForBeatAsync), Next(h.Dispatcher.Count, h.Dispatcher.WaitForBeatAsync) }).ToList();
            time.Advance(step);
            foreach (var beat in beats)
            {
                // A hang guard, not a timing assertion.
                await beat().WaitAsync(TimeSpan.FromSeconds(30), Token);
            }
        }
    }
}
