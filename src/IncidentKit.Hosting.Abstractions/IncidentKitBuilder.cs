using IncidentKit.Communication;
using IncidentKit.OnCall;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace IncidentKit.Hosting;

/// <summary>Chains the choices that complete an IncidentKit registration: the store and, later, notification channels.</summary>
/// <remarks>Returned by <c>services.AddIncidentKit(…)</c> (IncidentKit.Hosting). Store and channel packages extend it without
/// depending on the hosting stack: <c>UseSqlite(…)</c> (IncidentKit.Sqlite) and <c>UsePostgreSql(…)</c> (IncidentKit.PostgreSql)
/// call <see cref="UseStore{TStore}(Func{IServiceProvider, TStore})"/>, as a host's own store may.</remarks>
/// <threadsafety>This type is not thread-safe; use it while the services are being configured.</threadsafety>
public sealed class IncidentKitBuilder
{
    /// <summary>Initializes a builder over a service collection that IncidentKit was added to.</summary>
    /// <param name="services">The service collection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public IncidentKitBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>Gets the service collection, for adapters to register their services in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps incidents, due work and notifications in memory: for tests, demos and single-process tools.</summary>
    /// <returns>This builder.</returns>
    /// <remarks>Nothing survives the process: a restart loses every incident, and undelivered notifications stay in memory
    /// until a dispatcher takes them. A host must choose a store explicitly; with none, it fails to start.</remarks>
    public IncidentKitBuilder UseInMemoryStore() => UseStore(static sp => new InMemoryIncidentStore(sp.GetRequiredService<IClock>()));

    /// <summary>Keeps incidents, due work and notifications in memory; the same as <see cref="UseInMemoryStore"/>.</summary>
    /// <returns>This builder.</returns>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public IncidentKitBuilder UseInMemory() => UseInMemoryStore();

    /// <summary>Registers the one store that keeps incidents, due work and outbox, and takes every other port it implements from it.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="factory">Creates the store, once, from the host's services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    /// <remarks>
    /// <para>The store is a singleton registered as <typeparamref name="TStore"/>, <see cref="IIncidentKitStore"/>,
    /// <see cref="IIncidentStore"/>, <see cref="IDueWorkStore"/> and <see cref="IOutboxStore"/>: one instance, so an append writes
    /// events, due work and outbox in one transaction and the timer worker claims from that same unit.</para>
    /// <para>The ports of state that must outlive a process and be shared by nodes come from the store when it implements them,
    /// and are kept in memory otherwise: <see cref="ISubscriptionStore"/>, <see cref="IOnCallAdjustmentStore"/>,
    /// <see cref="IDeliveryDeduplicationStore"/> and <see cref="INotificationThrottleStore"/>; likewise
    /// <see cref="IOutboxDeadLetterStore"/> and <see cref="IIncidentTimelineVerifier"/> when implemented. A port the host
    /// registered itself keeps the host's registration.</para>
    /// <para>Choosing a store again replaces the earlier choice, with everything it registered.</para>
    /// </remarks>
    public IncidentKitBuilder UseStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IIncidentKitStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        StoreChoice.Forget(Services);
        var choice = new StoreChoice(typeof(TStore));
        Services.Add(ServiceDescriptor.Singleton(choice));

        // The unit itself: whatever stood for these ports before is replaced, since they must be the one instance.
        Services.RemoveAll<IIncidentKitStore>();
        Services.RemoveAll<IIncidentStore>();
        Services.RemoveAll<IDueWorkStore>();
        Services.RemoveAll<IOutboxStore>();
        choice.Add(Services, ServiceDescriptor.Singleton(factory));
        choice.Add(Services, ServiceDescriptor.Singleton<IIncidentKitStore>(Resolve<TStore>));
        choice.Add(Services, ServiceDescriptor.Singleton<IIncidentStore>(Resolve<TStore>));
        choice.Add(Services, ServiceDescriptor.Singleton<IDueWorkStore>(Resolve<TStore>));
        choice.Add(Services, ServiceDescriptor.Singleton<IOutboxStore>(Resolve<TStore>));

        choice.TryAdd<ISubscriptionStore, TStore>(Services, static _ => new InMemorySubscriptionStore());
        choice.TryAdd<IOnCallAdjustmentStore, TStore>(Services, static _ => new InMemoryOnCallAdjustmentStore());
        choice.TryAdd<IDeliveryDeduplicationStore, TStore>(Services, static _ => new InMemoryDeliveryDeduplicationStore());
        choice.TryAdd<INotificationThrottleStore, TStore>(Services, static _ => new InMemoryNotificationThrottleStore());
        choice.TryAdd<IOutboxDeadLetterStore, TStore>(Services, fallback: null);
        choice.TryAdd<IIncidentTimelineVerifier, TStore>(Services, fallback: null);
        return this;
    }

    private static TStore Resolve<TStore>(IServiceProvider services)
        where TStore : class => services.GetRequiredService<TStore>();

    // What one store choice registered, so that a later choice removes exactly that and nothing the host registered itself.
    private sealed class StoreChoice(Type store)
    {
        private readonly List<ServiceDescriptor> _added = [];

        public Type Store { get; } = store;

        public static void Forget(IServiceCollection services)
        {
            foreach (var descriptor in services.Where(d => d.ServiceType == typeof(StoreChoice)).ToList())
            {
                foreach (var added in ((StoreChoice)descriptor.ImplementationInstance!)._added)
                {
                    services.Remove(added);
                }

                services.Remove(descriptor);
            }
        }

        public void Add(IServiceCollection services, ServiceDescriptor descriptor)
        {
            services.Add(descriptor);
            _added.Add(descriptor);
        }

        public void TryAdd<TPort, TStore>(IServiceCollection services, Func<IServiceProvider, TPort>? fallback)
            where TPort : class
            where TStore : class
        {
            if (services.Any(d => d.ServiceType == typeof(TPort)))
            {
                return;
            }

            Func<IServiceProvider, TPort>? factory = typeof(TPort).IsAssignableFrom(typeof(TStore))
                ? static sp => (TPort)(object)sp.GetRequiredService<TStore>()
                : fallback;
            if (factory is not null)
            {
                Add(services, ServiceDescriptor.Singleton(factory));
            }
        }
    }
}
