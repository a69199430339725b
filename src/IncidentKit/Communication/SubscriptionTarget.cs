using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Guards;
using IncidentKit.Incidents;

namespace IncidentKit.Communication;

/// <summary>Identifies what a subscription follows: one incident, a service, or a category and everything below it.</summary>
/// <remarks>Services match by ordinal, case-insensitive name; categories match the category itself and its descendants
/// (a subscription to <c>network</c> follows <c>network/vpn</c>). The default value matches nothing.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct SubscriptionTarget
{
    private SubscriptionTarget(SubscriptionTargetKind kind, IncidentId incident, string? service, CategoryPath? category)
    {
        Kind = kind;
        Incident = incident;
        Service = service;
        Category = category;
    }

    /// <summary>Gets what kind of target this is.</summary>
    public SubscriptionTargetKind Kind { get; }

    /// <summary>Gets the incident followed, when <see cref="Kind"/> is <see cref="SubscriptionTargetKind.Incident"/>.</summary>
    public IncidentId Incident { get; }

    /// <summary>Gets the service followed, when <see cref="Kind"/> is <see cref="SubscriptionTargetKind.Service"/>.</summary>
    public string? Service { get; }

    /// <summary>Gets the category followed, when <see cref="Kind"/> is <see cref="SubscriptionTargetKind.Category"/>.</summary>
    public CategoryPath? Category { get; }

    /// <summary>Returns a target that follows one incident.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="incident"/> is unset.</exception>
    public static SubscriptionTarget ForIncident(IncidentId incident) =>
        new(SubscriptionTargetKind.Incident, Guard.Against.Unset(incident), null, null);

    /// <summary>Returns a target that follows every incident of a service.</summary>
    /// <param name="service">The service's name.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="service"/> is empty, white space or longer than 200 characters.</exception>
    public static SubscriptionTarget ForService(string service) =>
        new(SubscriptionTargetKind.Service, default, Guard.Against.InvalidLine(service, 200), null);

    /// <summary>Returns a target that follows every incident in a category or below it.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="category"/> is unset.</exception>
    public static SubscriptionTarget ForCategory(CategoryPath category) =>
        new(SubscriptionTargetKind.Category, default, null, Guard.Against.Unset(category));

    /// <summary>Returns whether an incident falls under this target.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns><see langword="true"/> when the subscription follows it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public bool Matches(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Kind switch
        {
            SubscriptionTargetKind.Incident => Incident != default && incident.Id == Incident,
            SubscriptionTargetKind.Service => Service is not null && string.Equals(incident.Service, Service, StringComparison.OrdinalIgnoreCase),
            SubscriptionTargetKind.Category => Category is { } c && incident.Category is { } ic && ic.IsWithin(c),
            _ => false,
        };
    }

    /// <summary>Returns the target's text form, e.g. <c>service:payments</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        SubscriptionTargetKind.Incident => $"incident:{Incident}",
        SubscriptionTargetKind.Service => $"service:{Service}",
        _ => $"category:{Category}",
    };
}
