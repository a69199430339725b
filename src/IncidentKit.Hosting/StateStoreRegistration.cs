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
    /// <summary>Registers the store registered as <typeparamref name="TStore"/> for every shared-state port, in place of the in-memory
    /// defaults; a port the host registered itself keeps the host's registration.</summary>
    /// <typeparam name="TStore">The store type, registered as a singleton already.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static void Replace<TStore>(IServiceCollection services)
        where TStore : class, ISubscriptionStore, IOnCallAdjustmentStore, IDeliveryDeduplicationStore, INotificationThrottleStore, IOutboxDeadLetterStore
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var old in services.Where(IsReplaceable).ToList())
        {
            services.Remove(old);
        }

        services.TryAddSingleton<ISubscriptionStore>(Resolve<TStore>);
        services.TryAddSingleton<IOnCallAdjustmentStore>(Resolve<TStore>);
        services.TryAddSingleton<IDeliveryDeduplicationStore>(Resolve<TStore>);
        services.TryAddSingleton<INotificationThrottleStore>(Resolve<TStore>);
        services.TryAddSingleton<IOutboxDeadLetterStore>(Resolve<TStore>);
    }

    private static TStore Resolve<TStore>(IServiceProvider services)
        where TStore : class => services.GetRequiredService<TStore>();

    // The defaults, and the registrations of an earlier store adapter (which this one replaces, as it replaces the incident store).
    private static bool IsReplaceable(ServiceDescriptor descriptor) =>
        DefaultStateStores.IsDefault(descriptor)
        || (descriptor.ImplementationFactory?.Method is { Name: nameof(Resolve) } method && method.DeclaringType == typeof(StateStoreRegistration));
}
