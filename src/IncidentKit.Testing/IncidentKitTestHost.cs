using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace IncidentKit.Testing;

/// <summary>A real IncidentKit host for tests: <c>AddIncidentKit(…).UseInMemoryStore().AddNotifications()</c> with capturing
/// channels, on a <see cref="FakeTime"/>, started and ready to drive.</summary>
/// <remarks>
/// <para>The host is the one an application runs, with its timer worker and notification dispatcher, so SLA warnings,
/// escalations, reminders and notifications happen as they would in production, but only when the test moves
/// <see cref="Time"/>: <see cref="AdvanceAsync(Duration, CancellationToken)"/> returns once the worker and the dispatcher have done
/// the rounds the move woke up. To send what the outbox holds without moving time, call
/// <see cref="DispatchNotificationsAsync"/>.</para>
/// <para>Incidents live in an <see cref="InMemoryIncidentStore"/> (<see cref="Store"/>), one per host: tests that each start a
/// host never share state.</para>
/// </remarks>
/// <threadsafety>The members are thread-safe; drive one host from one test.</threadsafety>
public sealed class IncidentKitTestHost : IAsyncDisposable
{
    private readonly Dictionary<string, CapturingNotificationChannel> _channels;

    private IncidentKitTestHost(IHost host, FakeTime time, Dictionary<string, CapturingNotificationChannel> channels)
    {
        Host = host;
        Time = time;
        _channels = channels;
    }

    /// <summary>Gets the running host.</summary>
    public IHost Host { get; }

    /// <summary>Gets the host's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>Gets the fake time the host and the domain run on.</summary>
    public FakeTime Time { get; }

    /// <summary>Gets the service that opens incidents and runs commands on them, as the application does.</summary>
    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();

    /// <summary>Gets the in-memory store that holds the incidents, their due work and their outbox.</summary>
    public InMemoryIncidentStore Store => Services.GetRequiredService<InMemoryIncidentStore>();

    /// <summary>Gets the first capturing channel (<c>email</c> unless configured otherwise).</summary>
    public CapturingNotificationChannel Channel => _channels.Values.First();

    /// <summary>Starts a host.</summary>
    /// <param name="configure">Configures the host, if anything.</param>
    /// <param name="cancellationToken">The token to stop starting.</param>
    /// <returns>The started host, its background loops through their first round.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="TimeoutException">A background loop did not finish its first round within <see cref="FakeTime.RoundTimeout"/>.</exception>
    public static async Task<IncidentKitTestHost> StartAsync(Action<IncidentKitTestHostOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new IncidentKitTestHostOptions();
        configure?.Invoke(options);
        var time = new FakeTime(options.Start);
        var channels = options.Channels.Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => new CapturingNotificationChannel(n), StringComparer.Ordinal);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        options.ConfigureServices?.Invoke(builder.Services);
        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.WorkerName = "test-worker";
            options.ConfigureIncidentKit?.Invoke(o);
        }).UseInMemoryStore().AddNotifications(o =>
        {
            o.DispatcherName = "test-dispatcher";
            o.Dispatcher.QuickRetry.Delay = TimeSpan.Zero;
            options.ConfigureNotifications?.Invoke(o);
        });
        foreach (var channel in channels.Values)
        {
            incidentKit.AddNotificationChannel(_ => channel);
        }

        options.ConfigureIncidentKitBuilder?.Invoke(incidentKit);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            await WaitForFirstRoundsAsync(host, time, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new IncidentKitTestHost(host, time, channels);
    }

    /// <summary>Returns the capturing channel of a name.</summary>
    /// <param name="name">The channel's name.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="KeyNotFoundException">No capturing channel has that name (see <see cref="IncidentKitTestHostOptions.Channels"/>).</exception>
    public CapturingNotificationChannel GetChannel(string name) =>
        _channels.TryGetValue(name, out var channel) ? channel : throw new KeyNotFoundException($"No capturing channel is named '{name}'.");

    /// <summary>Opens an incident through <see cref="Incidents"/>, now.</summary>
    /// <param name="details">What is known; <see langword="null"/> takes "Checkout is down" on <c>checkout</c>, high impact and urgency (a P1).</param>
    /// <param name="actor">Who opens it; <see langword="null"/> takes <see cref="IncidentBuilder.DefaultActor"/>.</param>
    /// <param name="tenant">The tenant; <see langword="null"/> takes <see cref="TenantId.Default"/>.</param>
    /// <param name="cancellationToken">The token to stop.</param>
    /// <returns>The incident as stored.</returns>
    /// <exception cref="ArgumentException">The details are invalid.</exception>
    public Task<Incident> OpenAsync(NewIncident? details = null, UserId? actor = null, TenantId? tenant = null, CancellationToken cancellationToken = default) =>
        Incidents.OpenAsync(tenant ?? TenantId.Default,
            details ?? new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" },
            actor ?? IncidentBuilder.DefaultActor, cancellationToken: cancellationToken);

    /// <summary>Moves time on and waits for the rounds of the worker and the dispatcher that the move woke up.</summary>
    /// <param name="duration">How far to move; not negative.</param>
    /// <param name="cancellationToken">The token to stop waiting.</param>
    /// <returns>A task that completes when the rounds are done.</returns>
    /// <exception cref="TimeoutException">A loop did not come round within <see cref="FakeTime.RoundTimeout"/>.</exception>
    /// <remarks>Each loop wakes once per move; a page the worker writes is sent on the dispatcher's next round. Move in steps no
    /// longer than the poll intervals (<see cref="AdvanceInStepsAsync"/>), or call
    /// <see cref="DispatchNotificationsAsync"/>, to see it sent.</remarks>
    public Task AdvanceAsync(Duration duration, CancellationToken cancellationToken = default) => Time.AdvanceAsync(duration, cancellationToken);

    /// <summary>Moves time on in steps, waiting at each step for the rounds it woke up.</summary>
    /// <param name="duration">How far to move in all.</param>
    /// <param name="step">How far to move at a time; positive.</param>
    /// <param name="cancellationToken">The token to stop waiting.</param>
    /// <returns>A task that completes when the last step's rounds are done.</returns>
    /// <exception cref="TimeoutException">A loop did not come round within <see cref="FakeTime.RoundTimeout"/>.</exception>
    public Task AdvanceInStepsAsync(Duration duration, Duration step, CancellationToken cancellationToken = default) => Time.AdvanceInStepsAsync(duration, step, cancellationToken);

    /// <summary>Runs the notification dispatcher once now: claims what the outbox holds that is due and sends it.</summary>
    /// <param name="cancellationToken">The token to stop.</param>
    /// <returns>What the pass did.</returns>
    public Task<DispatchReport> DispatchNotificationsAsync(CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(cancellationToken);

    /// <summary>Stops the host and releases it.</summary>
    /// <returns>A task that completes when the host has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        Host.Dispose();
    }

    // Each background loop that runs does its first round and arms its next one; a loop that is turned off ends instead.
    private static async Task WaitForFirstRoundsAsync(IHost host, FakeTime time, CancellationToken cancellationToken)
    {
        var loops = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (time.PendingTimers < loops.Count(l => l.ExecuteTask is { IsCompleted: false }))
        {
            // A hang guard, not a timing assertion: startup needs no fake time, only the loops' first rounds.
            if (waited.Elapsed > time.RoundTimeout)
            {
                throw new TimeoutException($"The host's background loops did not finish their first round within {time.RoundTimeout} of real time.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken).ConfigureAwait(false);
        }
    }
}
