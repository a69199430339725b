using IncidentKit.Automations;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Hosting.Tests;

// One host running the worker against a fake TimeProvider. Advancing waits for the sweep the advance triggered, so tests
// never race the worker: the worker registers its next timer before it beats.
internal sealed class WorkerHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    internal WorkerHarness(IHost host, FakeTimeProvider time)
    {
        Host = host;
        Time = time;
    }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => Host.Services;

    public InMemoryIncidentStore Store => Services.GetRequiredService<InMemoryIncidentStore>();

    public WorkerHeartbeat Heartbeat => Services.GetRequiredService<WorkerHeartbeat>();

    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();

    public static IHost Build(FakeTimeProvider time, Action<IncidentKitOptions>? configure = null, InMemoryIncidentStore? sharedStore = null, params IIncidentAutomation[] automations) =>
        Build(time, configure, sharedStore is null ? null : b => b.UseStore(_ => sharedStore), automations);

    public static IHost Build(FakeTimeProvider time, Action<IncidentKitOptions>? configure, Action<IncidentKitBuilder>? useStore, params IIncidentAutomation[] automations)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        foreach (var automation in automations)
        {
            builder.Services.AddSingleton<IIncidentAutomation>(automation);
        }

        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.PollInterval = TimeSpan.FromSeconds(5);
            o.LeaseDuration = TimeSpan.FromSeconds(30);
            // Off unless a test turns it on (CommunicationAutomationTests): the threshold, escalation and auto-close tests
            // count their own events, outbox messages and due work, which a P1's reminders and summaries would add to.
            o.ScheduleCommunication = false;
            configure?.Invoke(o);
        });
        // In memory unless the test chooses another store (a later choice replaces this one).
        incidentKit.UseInMemoryStore();
        useStore?.Invoke(incidentKit);
        return builder.Build();
    }

    public static async Task<WorkerHarness> StartAsync(Action<IncidentKitOptions>? configure = null, params IIncidentAutomation[] automations)
    {
        var time = new FakeTimeProvider(Start);
        var harness = new WorkerHarness(Build(time, configure, (InMemoryIncidentStore?)null, automations), time);
        await harness.Host.StartAsync(TestContext.Current.CancellationToken);
        await harness.Heartbeat.WaitForBeatAsync(0, TestContext.Current.CancellationToken);
        return harness;
    }

    // Moves time on and waits for the sweep that the worker's timer then runs.
    public async Task AdvanceAsync(TimeSpan by)
    {
        var beats = Heartbeat.Count;
        Time.Advance(by);
        // A hang guard, not a timing assertion: a sweep that never ends fails the test instead of stalling the run.
        await Heartbeat.WaitForBeatAsync(beats, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    public Task<Incident> OpenAsync(string title = "Checkout is down") =>
        Incidents.OpenAsync(TenantId.Default, new NewIncident { Title = title, Impact = Impact.High, Urgency = Urgency.High }, new UserId("alice"), cancellationToken: TestContext.Current.CancellationToken);

    public async Task<Incident> LoadAsync(IncidentId id) =>
        (await Incidents.FindOrNullAsync(TenantId.Default, id, TestContext.Current.CancellationToken))!;

    public async Task<NodaTime.Instant?> DueAtOrNullAsync(IncidentId id) =>
        (await Store.FindDueOrNullAsync(TenantId.Default, id, TestContext.Current.CancellationToken))?.DueAt;

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
