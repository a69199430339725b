using Ardalis.GuardClauses;

namespace IncidentKit.Communication;

/// <summary>Represents a person or group following an incident, a service or a category, and how they want to hear.</summary>
/// <remarks>An <see cref="Audience.External"/> subscriber (a customer contact, an executive, another team) hears about state
/// changes and status updates written for external readers; an <see cref="Audience.Internal"/> subscriber hears about every
/// event the incident's <see cref="CommunicationPlan"/> notifies on.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class Subscription
{
    /// <summary>Initializes a subscription.</summary>
    /// <param name="tenant">The tenant whose incidents are followed.</param>
    /// <param name="subscriber">Who is told.</param>
    /// <param name="target">What is followed.</param>
    /// <param name="audience">What the subscriber may read.</param>
    /// <param name="channels">The channels to reach the subscriber on; <see langword="null"/> or empty takes the plan's channels.</param>
    /// <exception cref="ArgumentException">The tenant, subscriber or target is unset, the audience is undefined, or a channel name is empty.</exception>
    public Subscription(TenantId tenant, Recipient subscriber, SubscriptionTarget target, Audience audience = Audience.Internal,
        IReadOnlyList<string>? channels = null)
    {
        if (tenant.Value is null)
        {
            throw new ArgumentException("Expected a tenant that was set.", nameof(tenant));
        }

        if (subscriber.Value is null)
        {
            throw new ArgumentException("Expected a subscriber that was set.", nameof(subscriber));
        }

        if (target == default)
        {
            throw new ArgumentException("Expected a target made by one of SubscriptionTarget's factories.", nameof(target));
        }

        Guard.Against.EnumOutOfRange(audience);
        if (channels?.Any(string.IsNullOrWhiteSpace) == true)
        {
            throw new ArgumentException("Channel names are not empty.", nameof(channels));
        }

        Tenant = tenant;
        Subscriber = subscriber;
        Target = target;
        Audience = audience;
        Channels = channels is null ? [] : [.. channels.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Gets the tenant whose incidents are followed.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets who is told.</summary>
    public Recipient Subscriber { get; }

    /// <summary>Gets what is followed.</summary>
    public SubscriptionTarget Target { get; }

    /// <summary>Gets what the subscriber may read.</summary>
    public Audience Audience { get; }

    /// <summary>Gets the channels to reach the subscriber on; empty means the plan's channels.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Returns the subscription's text form, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Subscriber} follows {Target} ({Audience})";
}
