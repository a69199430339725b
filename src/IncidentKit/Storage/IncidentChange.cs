using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

/// <summary>Describes one atomic write to an incident: new events, the summary they lead to, its next due work and the
/// outbox messages they cause.</summary>
/// <remarks>A store writes everything in a change or nothing: the events, the summary, the due item (replaced, or removed when
/// <see cref="NextDue"/> is <see langword="null"/>) and the outbox messages. Use <see cref="For(Incident)"/> to take the
/// pending events, expected version and summary of a loaded incident, then <c>with { NextDue = …, Outbox = … }</c>.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentChange
{
    /// <summary>Gets the tenant.</summary>
    public required TenantId Tenant { get; init; }

    /// <summary>Gets the incident.</summary>
    public required IncidentId Incident { get; init; }

    /// <summary>Gets the version the stream must have before the append.</summary>
    public required ExpectedVersion ExpectedVersion { get; init; }

    /// <summary>Gets the events to append, oldest first; at least one.</summary>
    public required IReadOnlyList<IncidentEvent> Events { get; init; }

    /// <summary>Gets the incident's summary after the events, kept by the store for listing.</summary>
    public required IncidentSummary Summary { get; init; }

    /// <summary>Gets the incident's next due work after the events; <see langword="null"/> removes any planned work.</summary>
    /// <value>The default value is <see langword="null"/>: nothing is due.</value>
    public DueWork? NextDue { get; init; }

    /// <summary>Gets the messages to put in the outbox with the events.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];

    /// <summary>Returns the change that commits an incident's pending events.</summary>
    /// <param name="incident">The incident, with at least one pending event.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">The incident has no pending events.</exception>
    public static IncidentChange For(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.PendingEvents.Count == 0)
        {
            throw new ArgumentException("The incident has no pending events to append.", nameof(incident));
        }

        return new IncidentChange
        {
            Tenant = incident.Tenant,
            Incident = incident.Id,
            ExpectedVersion = new ExpectedVersion(incident.CommittedVersion),
            Events = [.. incident.PendingEvents],
            Summary = incident.ToSummary(),
        };
    }
}
