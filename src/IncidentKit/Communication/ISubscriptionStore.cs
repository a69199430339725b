using IncidentKit.Incidents;

namespace IncidentKit.Communication;

/// <summary>Keeps who follows which incidents, services and categories, per tenant.</summary>
/// <remarks>A subscription is identified by its tenant, subscriber and target: adding one with the same three replaces its
/// audience and channels. <see cref="InMemorySubscriptionStore"/> serves tests, samples and hosts that load subscriptions from
/// configuration at start.</remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface ISubscriptionStore
{
    /// <summary>Adds a subscription, or replaces the one with the same tenant, subscriber and target.</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the subscription is stored.</returns>
    ValueTask AddAsync(Subscription subscription, CancellationToken cancellationToken = default);

    /// <summary>Removes a subscription.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="subscriber">Who followed.</param>
    /// <param name="target">What they followed.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns><see langword="true"/> when a subscription was removed.</returns>
    ValueTask<bool> RemoveAsync(TenantId tenant, Recipient subscriber, SubscriptionTarget target, CancellationToken cancellationToken = default);

    /// <summary>Returns the subscriptions of the incident's tenant that follow it, by id, service or category.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The matching subscriptions, in the order they were first added.</returns>
    ValueTask<IReadOnlyList<Subscription>> FindForAsync(Incident incident, CancellationToken cancellationToken = default);
}
