using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using IncidentKit;
using IncidentKit.Communication;
using IncidentKit.Hosting;
using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the notification dispatcher and its channels to an IncidentKit host: <c>AddIncidentKit(…).AddNotifications().AddWebhookChannel(…)</c>.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitBuilderNotificationExtensions
{
    /// <summary>Adds the hosted notification dispatcher that sends what the outbox holds, with its default options.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <returns>The builder, to add channels with.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IncidentKitBuilder AddNotifications(this IncidentKitBuilder builder) => AddNotifications(builder, static _ => { });

    /// <summary>Adds the hosted notification dispatcher that sends what the outbox holds.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, to add channels with.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <remarks>
    /// <para>Every change IncidentKit stores writes its notifications to the store's outbox in the same transaction (see
    /// <c>AddIncidentKit</c>). This adds a background service that, every <see cref="NotificationHostingOptions.PollInterval"/> on
    /// the host's <see cref="TimeProvider"/>, claims them through a <see cref="StoreNotificationOutbox"/> and runs a
    /// <see cref="NotificationDispatcher"/> over the registered <see cref="INotificationChannel"/>s: at least once, each idempotency
    /// key once per channel, throttled and bundled per recipient, with retries, backoff and a circuit breaker per channel.
    /// Sends feed the <c>incidentkit.notifications.sent</c> / <c>failed</c> instruments; undelivered rows show in the health
    /// check's outbox lag.</para>
    /// <para>Services are added with <c>TryAdd</c>, so a host may register its own <see cref="INotificationOutbox"/>,
    /// <see cref="IDeliveryDeduplicationStore"/> and <see cref="INotificationThrottleStore"/> (the SQL stores register theirs with
    /// <c>UseSqlite</c>/<c>UsePostgreSql</c>, shared by every node over the database, so two dispatchers send each key once and
    /// throttle together; without a SQL store they are kept in memory, per process), <see cref="INotificationDeliveryRecorder"/> or
    /// <see cref="INotificationSendCheck"/> (the default, <see cref="IncidentServiceSendCheck"/>, drops a page that is still queued when
    /// its incident is acknowledged, resolved or cancelled, and records the drop on the timeline).
    /// Handoff notices of run-time on-call changes (<see cref="OnCallAdjustments"/>) are sent through the same dispatcher.
    /// The options are validated when the host starts, every problem listed.</para>
    /// <para>Channels are named by the communication plans (<c>email</c> in <see cref="CommunicationPlans.Default"/>); a message for a
    /// channel nobody registered is retried and finally abandoned, so register one channel per name the plans and subscriptions use.</para>
    /// </remarks>
    public static IncidentKitBuilder AddNotifications(this IncidentKitBuilder builder, Action<NotificationHostingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<NotificationHostingOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationHostingOptions>, NotificationHostingOptionsValidator>());

        services.TryAddSingleton(static sp => new NotificationMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<INotificationOutbox>(static sp =>
        {
            var o = sp.GetRequiredService<IOptions<NotificationHostingOptions>>().Value;
            return new HandoffNotificationOutbox(
                new StoreNotificationOutbox(sp.GetRequiredService<IOutboxStore>(), o.DispatcherName, Duration.FromTimeSpan(o.LeaseDuration)),
                sp.GetRequiredService<OnCallHandoffQueue>());
        });
        // Deliveries go to the store's delivery log beside the stream, so that recording a send never contends with the people
        // working the incident; a store without one gets them as events.
        services.TryAddSingleton<INotificationDeliveryRecorder>(static sp => sp.GetRequiredService<IIncidentStore>() is IDeliveryLog log
            ? new DeliveryLogRecorder(log)
            : new IncidentServiceDeliveryRecorder(sp.GetRequiredService<IncidentService>()));
        services.TryAddSingleton<INotificationSendCheck>(static sp => new IncidentServiceSendCheck(sp.GetRequiredService<IncidentService>()));
        services.TryAddSingleton(static sp =>
        {
            var o = sp.GetRequiredService<IOptions<NotificationHostingOptions>>().Value;
            var metrics = sp.GetRequiredService<NotificationMetrics>();
            // The collaborators the host's options leave unset come from its services; a copy keeps the options as given.
            var options = o.Dispatcher.Copy();
            options.TimeProvider ??= sp.GetRequiredService<TimeProvider>();
            options.Recorder = o.RecordDeliveries ? options.Recorder ?? sp.GetRequiredService<INotificationDeliveryRecorder>() : null;
            options.SendCheck ??= sp.GetRequiredService<INotificationSendCheck>();
            options.Throttle ??= sp.GetRequiredService<INotificationThrottleStore>();
            return new NotificationDispatcher(
                sp.GetRequiredService<INotificationOutbox>(),
                [.. sp.GetServices<INotificationChannel>().Select(c => new MeteredChannel(c, metrics))],
                sp.GetRequiredService<IDeliveryDeduplicationStore>(),
                options);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NotificationDispatcherService>());
        return builder;
    }

    /// <summary>Adds a notification channel type, created by the container as a singleton.</summary>
    /// <typeparam name="TChannel">The channel type.</typeparam>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <remarks>Adding the same type twice adds it once. Channel names must be unique: the dispatcher refuses two channels of one name.</remarks>
    public static IncidentKitBuilder AddNotificationChannel<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TChannel>(this IncidentKitBuilder builder)
        where TChannel : class, INotificationChannel
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TChannel>());
        return builder;
    }

    /// <summary>Adds a notification channel made by a factory, as a singleton.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="factory">Makes the channel from the host's services.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is null.</exception>
    public static IncidentKitBuilder AddNotificationChannel(this IncidentKitBuilder builder, Func<IServiceProvider, INotificationChannel> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Adds a signed JSON webhook channel (<see cref="WebhookChannel"/>) posting through a named client of <see cref="IHttpClientFactory"/>.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Sets the endpoint, secret and name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    /// <remarks>The options are validated here, so a missing endpoint or short secret fails at registration. The HTTP client is
    /// named <c>IncidentKit.Notifications.&lt;channel name&gt;</c>; configure it further with <c>AddHttpClient(name)</c>.</remarks>
    public static IncidentKitBuilder AddWebhookChannel(this IncidentKitBuilder builder, Action<WebhookChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new WebhookChannelOptions();
        configure(options);
        ThrowIfInvalid("webhook channel options", options.Validate());
        var client = AddHttpClient(builder.Services, options.Name);
        builder.Services.AddSingleton<INotificationChannel>(sp =>
            new WebhookChannel(sp.GetRequiredService<IHttpClientFactory>().CreateClient(client), options, sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>Adds a Slack/Teams-style chat webhook channel (<see cref="ChatWebhookChannel"/>) posting through a named client of <see cref="IHttpClientFactory"/>.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Sets the webhook URL, style and name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    /// <remarks>The options are validated here. The HTTP client is named <c>IncidentKit.Notifications.&lt;channel name&gt;</c>.</remarks>
    public static IncidentKitBuilder AddChatWebhookChannel(this IncidentKitBuilder builder, Action<ChatWebhookChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ChatWebhookChannelOptions();
        configure(options);
        ThrowIfInvalid("chat webhook channel options", options.Validate());
        var client = AddHttpClient(builder.Services, options.Name);
        builder.Services.AddSingleton<INotificationChannel>(sp =>
            new ChatWebhookChannel(sp.GetRequiredService<IHttpClientFactory>().CreateClient(client), options));
        return builder;
    }

    /// <summary>Adds an SMS channel (<see cref="SmsChannel"/>) speaking Twilio's <c>Messages</c> resource through a named client of <see cref="IHttpClientFactory"/>.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Sets the gateway, account, token, sender number, throttle and name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    /// <remarks>The options are validated here, so a missing account or sender fails at registration. The throttle runs on the
    /// host's <see cref="TimeProvider"/>. The HTTP client is named <c>IncidentKit.Notifications.&lt;channel name&gt;</c>.</remarks>
    public static IncidentKitBuilder AddSmsChannel(this IncidentKitBuilder builder, Action<SmsChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SmsChannelOptions();
        configure(options);
        ThrowIfInvalid("SMS channel options", options.Validate());
        var client = AddHttpClient(builder.Services, options.Name);
        builder.Services.AddSingleton<INotificationChannel>(sp =>
            new SmsChannel(sp.GetRequiredService<IHttpClientFactory>().CreateClient(client), options, sp.GetService<TimeProvider>()));
        return builder;
    }

    // The channel is a long-lived singleton holding its client, so the handler recycles connections itself (DNS changes are
    // seen) instead of relying on the factory's handler rotation, which a held client never benefits from.
    private static string AddHttpClient(IServiceCollection services, string channel)
    {
        var name = $"IncidentKit.Notifications.{channel}";
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return name;
    }

    private static void ThrowIfInvalid(string subject, List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException(subject, problems);
        }
    }
}
