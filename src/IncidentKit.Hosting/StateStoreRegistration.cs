using IncidentKit.Communication;
using IncidentKit.OnCall;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IncidentKit.Hosting;

/// <summary>Registers a store adapter as the host's shared state: subscriptions, run-time on-call changes, the delivery ledger,
/// throttling windows and the outbox's dead letters.</summary>
/// <threadsafety>The method is not thread-safe; call it while the services are being configured.</threadsafety>
public static class StateStoreRegistration
{
    /// <summary>Replaces the registrations of the shared-state ports with the store registered as <typeparamref name="TStore"/>.</summary>
    /// <typeparam name="TStore">The store type, registered as a singleton already.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static void Replace<TStore>(IServiceCollection services)
        where TStore : class, ISubscriptionStore, IOnCallAdjustmentStore, IDeliveryDeduplicationStore, INotificationThrottleStore, IOutboxDeadLetterStore
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<ISubscriptionStore>();
        services.RemoveAll<IOnCallAdjustmentStore>();
        services.RemoveAll<IDeliveryDeduplicationStore>();
        services.RemoveAll<INotificationThrottleStore>();
        services.RemoveAll<IOutboxDeadLetterStore>();
        services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IOnCallAdjustmentStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IDeliveryDeduplicationStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<INotificationThrottleStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IOutboxDeadLetterStore>(sp => sp.GetRequiredService<TStore>());
    }
}
