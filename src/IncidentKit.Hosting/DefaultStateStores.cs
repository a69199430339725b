using IncidentKit.Communication;
using IncidentKit.OnCall;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.Hosting;

// The in-memory defaults of the shared-state ports, registered through these very delegates so that a store adapter
// (UseSqlite, UsePostgreSql) can tell a default from a host's own registration: it replaces the former and keeps the latter.
internal static class DefaultStateStores
{
    public static readonly Func<IServiceProvider, ISubscriptionStore> Subscriptions = static _ => new InMemorySubscriptionStore();

    public static readonly Func<IServiceProvider, IOnCallAdjustmentStore> Adjustments = static _ => new InMemoryOnCallAdjustmentStore();

    public static readonly Func<IServiceProvider, IDeliveryDeduplicationStore> Ledger = static _ => new InMemoryDeliveryDeduplicationStore();

    public static readonly Func<IServiceProvider, INotificationThrottleStore> Throttle = static _ => new InMemoryNotificationThrottleStore();

    public static readonly Func<IServiceProvider, IOutboxDeadLetterStore> DeadLetters = static sp => sp.GetRequiredService<InMemoryIncidentStore>();

    public static bool IsDefault(ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory is { } factory
        && (ReferenceEquals(factory, Subscriptions) || ReferenceEquals(factory, Adjustments) || ReferenceEquals(factory, Ledger)
            || ReferenceEquals(factory, Throttle) || ReferenceEquals(factory, DeadLetters));
}
