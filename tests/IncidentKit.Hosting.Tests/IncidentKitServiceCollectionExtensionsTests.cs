using IncidentKit.Communication;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests;

public sealed class IncidentKitServiceCollectionExtensionsTests
{
    [Fact]
    public void AddIncidentKit_Defaults_RegistersTheDomainServices()
    {
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit().UseInMemoryStore().Services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.IsType<InMemoryIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.Same(PriorityMatrix.Default, provider.GetRequiredService<IncidentRules>().PriorityMatrix);
        Assert.NotNull(provider.GetRequiredService<IncidentService>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<IncidentKitWorker>());
    }

    [Fact]
    public void AddIncidentKit_HostRegisteredServicesFirst_HostRegistrationsWin()
    {
        var store = new InMemoryIncidentStore();
        var subscriptions = new InMemorySubscriptionStore();
        var rules = new IncidentRules(new IncidentWorkflowOptions { AllowSkipAcknowledge = false });
        var clock = NodaTime.Testing.FakeClock.FromUtc(2026, 1, 1, 0, 0, 0);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(rules);
        services.AddSingleton<IClock>(clock);
        services.AddSingleton<ISubscriptionStore>(subscriptions);

        services.AddIncidentKit().UseStore(_ => store);
        using var provider = services.BuildServiceProvider();

        Assert.Same(store, provider.GetRequiredService<IIncidentKitStore>());
        Assert.Same(store, provider.GetRequiredService<IIncidentStore>());
        Assert.Same(subscriptions, provider.GetRequiredService<ISubscriptionStore>());
        Assert.Same(rules, provider.GetRequiredService<IncidentRules>());
        Assert.Same(clock, provider.GetRequiredService<IClock>());
        Assert.Same(rules, provider.GetRequiredService<IncidentService>().Rules);
    }

    [Fact]
    public void AddIncidentKit_CalledTwice_RegistersServicesOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddIncidentKit(o => o.BatchSize = 7);
        var countAfterFirst = services.Count;

        services.AddIncidentKit(o => o.PollInterval = TimeSpan.FromSeconds(2));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(countAfterFirst + 1, services.Count); // only the second call's options delegate
        Assert.Single(services, d => d.ImplementationType == typeof(IncidentKitWorker));
        var options = provider.GetRequiredService<IOptions<IncidentKitOptions>>().Value;
        Assert.Equal(7, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
    }

    [Fact]
    public void AddIncidentKit_FakeTimeProvider_MovesTheDomainClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        using var provider = services.AddIncidentKit().Services.BuildServiceProvider();
        var clock = provider.GetRequiredService<IClock>();

        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Same(clock, provider.GetRequiredService<IClock>());
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 10, 30), clock.GetCurrentInstant());
    }

    [Fact]
    public async Task IncidentService_OpensWithTheTimeProvidersInstantAndTheConfiguredRules()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        using var provider = services.AddIncidentKit(o => o.PriorityMatrix = new PriorityMatrixBuilder(1, 1).Set(new Impact(1), new Urgency(1), Priority.P2).Build()).UseInMemoryStore()
            .Services.BuildServiceProvider();

        var incident = await provider.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Disk full", Impact = new Impact(1), Urgency = new Urgency(1) }, new UserId("alice"),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Instant.FromUtc(2026, 3, 2, 9, 0), incident.OpenedAt);
        Assert.Equal(Priority.P2, incident.Priority);
    }

    [Fact]
    public void UseInMemoryStore_AfterAnotherStore_ReplacesItAndEverythingItRegistered()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-choice-").FullName;
        var services = new ServiceCollection().AddLogging();

        using var provider = services.AddIncidentKit().UseSqlite($"Data Source={Path.Combine(directory, "incidents.db")}").UseInMemoryStore()
            .Services.BuildServiceProvider();

        var store = Assert.IsType<InMemoryIncidentStore>(provider.GetRequiredService<IIncidentKitStore>());
        Assert.Same(store, provider.GetRequiredService<IIncidentStore>());
        Assert.Same(store, provider.GetRequiredService<IDueWorkStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxDeadLetterStore>());
        Assert.IsType<InMemorySubscriptionStore>(provider.GetRequiredService<ISubscriptionStore>());
        Assert.IsType<IncidentKit.OnCall.InMemoryOnCallAdjustmentStore>(provider.GetRequiredService<IncidentKit.OnCall.IOnCallAdjustmentStore>());
        Assert.Null(provider.GetService<IncidentKit.Sqlite.SqliteIncidentStore>());
    }

    [Fact]
    public void UseSqlite_TwoRegistrations_OneStoreServesEveryPort()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-choice-").FullName;
        var services = new ServiceCollection().AddLogging();

        using var provider = services.AddIncidentKit().UseInMemoryStore().UseSqlite($"Data Source={Path.Combine(directory, "incidents.db")}")
            .Services.BuildServiceProvider();

        var store = provider.GetRequiredService<IncidentKit.Sqlite.SqliteIncidentStore>();
        Assert.Same(store, provider.GetRequiredService<IIncidentKitStore>());
        Assert.Same(store, provider.GetRequiredService<ISubscriptionStore>());
        Assert.Same(store, provider.GetRequiredService<IDeliveryDeduplicationStore>());
        Assert.Same(store, provider.GetRequiredService<INotificationThrottleStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxDeadLetterStore>());
        Assert.Null(provider.GetService<InMemoryIncidentStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IIncidentKitStore));
    }

    [Fact]
    public async Task StartAsync_NoStoreChosen_FailsNamingTheThreeChoices()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddIncidentKit();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("UseSqlite(", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSql(", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStore()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRequiredService_IncidentServiceWithNoStore_ThrowsNamingTheThreeChoices()
    {
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit().Services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IncidentService>());

        Assert.Contains("UseSqlite(", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSql(", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStore()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_FailsListingEveryProblem()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddIncidentKit(o =>
        {
            o.PollInterval = TimeSpan.Zero;
            o.LeaseDuration = TimeSpan.FromSeconds(-1);
            o.BatchSize = 0;
            o.AutoCloseResolvedAfter = TimeSpan.FromHours(-1);
            o.WorkerName = " ";
            o.HeartbeatTolerance = 1;
            o.OutboxLagDegraded = TimeSpan.FromMinutes(10);
            o.OutboxLagUnhealthy = TimeSpan.FromMinutes(1);
            o.Workflow.ReopenWindow = Duration.FromHours(-1);
        }).UseInMemoryStore();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(8, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("PollInterval must be positive", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BatchSize", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("AutoCloseResolvedAfter", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("WorkerName", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("HeartbeatTolerance", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("OutboxLagUnhealthy", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ReopenWindow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_DefaultOptions_Starts()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddIncidentKit().UseInMemoryStore();
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
