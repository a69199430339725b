using IncidentKit.Communication;
using IncidentKit.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace IncidentKit.Hosting.Tests.Notifications;

public sealed class NotificationOptionsBindingTests
{
    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Notifications");

    private static ServiceProvider Provider(IConfiguration section, TimeProvider time)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(time);
        services.AddIncidentKit().UseInMemoryStore().AddNotifications(o => section.Bind(o)).AddNotificationChannel(_ => new NullChannel());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddNotifications_BoundFromConfiguration_PollyRetryAndCircuitOptionsTakeEffectAndKeepTheirDefaults()
    {
        var section = Section(new()
        {
            ["Notifications:PollInterval"] = "00:00:02",
            ["Notifications:Dispatcher:BatchSize"] = "7",
            ["Notifications:Dispatcher:QuickRetry:MaxRetryAttempts"] = "5",
            ["Notifications:Dispatcher:QuickRetry:BackoffType"] = "Linear",
            ["Notifications:Dispatcher:CircuitBreaker:BreakDuration"] = "00:00:30",
            ["Notifications:Dispatcher:CircuitBreaker:FailureRatio"] = "0.25",
        });

        using var provider = Provider(section, new FakeTimeProvider());
        var options = provider.GetRequiredService<NotificationDispatcher>().Options;

        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<IOptions<NotificationHostingOptions>>().Value.PollInterval);
        Assert.Equal((7, 5, DelayBackoffType.Linear), (options.BatchSize, options.QuickRetry.MaxRetryAttempts, options.QuickRetry.BackoffType));
        Assert.Equal((TimeSpan.FromSeconds(30), 0.25, 4), (options.CircuitBreaker.BreakDuration, options.CircuitBreaker.FailureRatio, options.CircuitBreaker.MinimumThroughput));
        Assert.Equal(TimeSpan.FromSeconds(1), options.QuickRetry.Delay);
        Assert.NotNull(options.QuickRetry.ShouldHandle);
    }

    [Fact]
    public void AddNotifications_CollaboratorsLeftUnset_TakenFromTheHostWithoutChangingItsOptions()
    {
        var time = new FakeTimeProvider();

        using var provider = Provider(Section([]), time);
        var options = provider.GetRequiredService<NotificationDispatcher>().Options;
        var hosting = provider.GetRequiredService<IOptions<NotificationHostingOptions>>().Value.Dispatcher;

        Assert.Same(time, options.TimeProvider);
        Assert.Same(provider.GetRequiredService<INotificationThrottleStore>(), options.Throttle);
        Assert.Same(provider.GetRequiredService<INotificationSendCheck>(), options.SendCheck);
        Assert.Same(provider.GetRequiredService<INotificationDeliveryRecorder>(), options.Recorder);
        Assert.Equal((null, null, null, null), (hosting.TimeProvider, (object?)hosting.Throttle, (object?)hosting.SendCheck, (object?)hosting.Recorder));
    }

    [Fact]
    public void AddNotifications_InvalidPollyOptionsFromConfiguration_FailsListingTheirPaths()
    {
        var section = Section(new() { ["Notifications:Dispatcher:QuickRetry:MaxRetryAttempts"] = "50", ["Notifications:Dispatcher:CircuitBreaker:FailureRatio"] = "0" });

        using var provider = Provider(section, new FakeTimeProvider());
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NotificationHostingOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Dispatcher.QuickRetry.MaxRetryAttempts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Dispatcher.CircuitBreaker.FailureRatio", StringComparison.Ordinal));
    }

    private sealed class NullChannel : INotificationChannel
    {
        public string Name => "email";

        public bool HonoursIdempotencyKeys => true;

        public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DeliveryResult.Delivered());
    }
}
