using IncidentKit.Communication;
using IncidentKit.OnCall;

namespace IncidentKit.Storage.Conformance;

/// <summary>Holds the shared-state ports of a store under test: subscriptions, on-call adjustments, the delivery ledger,
/// throttling windows and dead letters.</summary>
/// <param name="Subscriptions">The subscriptions.</param>
/// <param name="Adjustments">The on-call adjustments.</param>
/// <param name="Ledger">The delivery ledger.</param>
/// <param name="Throttle">The throttling windows.</param>
/// <param name="DeadLetters">The outbox's dead letters.</param>
public sealed record StateStores(
    ISubscriptionStore Subscriptions,
    IOnCallAdjustmentStore Adjustments,
    IDeliveryDeduplicationStore Ledger,
    INotificationThrottleStore Throttle,
    IOutboxDeadLetterStore DeadLetters)
{
    /// <summary>Returns the ports of a store that implements all of them (the SQL stores do).</summary>
    /// <param name="store">The store under test.</param>
    /// <returns>The ports.</returns>
    public static StateStores Of(StoreUnderTest store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var s = store.Incidents;
        return new StateStores(
            s as ISubscriptionStore ?? throw Missing(nameof(ISubscriptionStore)),
            s as IOnCallAdjustmentStore ?? throw Missing(nameof(IOnCallAdjustmentStore)),
            s as IDeliveryDeduplicationStore ?? throw Missing(nameof(IDeliveryDeduplicationStore)),
            s as INotificationThrottleStore ?? throw Missing(nameof(INotificationThrottleStore)),
            store.Outbox as IOutboxDeadLetterStore ?? throw Missing(nameof(IOutboxDeadLetterStore)));

        InvalidOperationException Missing(string port) =>
            new($"{s.GetType().Name} does not implement {port}; give its fixture an {nameof(IStateStoreFixture)}.");
    }
}

/// <summary>Provides the shared-state ports for a store that keeps them in separate objects (the in-memory one).</summary>
public interface IStateStoreFixture
{
    /// <summary>Returns the shared-state ports that go with a store under test.</summary>
    /// <param name="store">The store under test.</param>
    /// <returns>The ports.</returns>
    StateStores CreateStateStores(StoreUnderTest store);
}
