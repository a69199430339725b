using Ardalis.GuardClauses;
using IncidentKit.Incidents;

namespace IncidentKit.Communication;

/// <summary>Keeps subscriptions in memory: for tests, samples and hosts that load them from configuration at start.</summary>
/// <remarks>Lookups scan the tenant's subscriptions, which suits thousands of them; nothing survives the process.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TenantId, List<Subscription>> _byTenant = [];

    /// <summary>Initializes a store holding the given subscriptions.</summary>
    /// <param name="subscriptions">The subscriptions to start with; later ones replace earlier ones with the same identity.</param>
    /// <exception cref="ArgumentNullException"><paramref name="subscriptions"/> holds null.</exception>
    public InMemorySubscriptionStore(IEnumerable<Subscription>? subscriptions = null)
    {
        foreach (var s in subscriptions ?? [])
        {
            Add(Guard.Against.Null(s));
        }
    }

    /// <inheritdoc/>
    public ValueTask AddAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        Add(Guard.Against.Null(subscription));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(TenantId tenant, Recipient subscriber, SubscriptionTarget target, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_byTenant.TryGetValue(tenant, out var list) &&
                list.RemoveAll(s => s.Subscriber == subscriber && s.Target == target) > 0);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Subscription>> FindForAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(incident);
        lock (_lock)
        {
            IReadOnlyList<Subscription> found = _byTenant.TryGetValue(incident.Tenant, out var list)
                ? [.. list.Where(s => s.Target.Matches(incident))]
                : [];
            return ValueTask.FromResult(found);
        }
    }

    private void Add(Subscription subscription)
    {
        lock (_lock)
        {
            if (!_byTenant.TryGetValue(subscription.Tenant, out var list))
            {
                _byTenant[subscription.Tenant] = list = [];
            }

            var at = list.FindIndex(s => s.Subscriber == subscription.Subscriber && s.Target == subscription.Target);
            if (at >= 0)
            {
                list[at] = subscription;
            }
            else
            {
                list.Add(subscription);
            }
        }
    }
}
