using IncidentKit.Alerts;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Describes one thing that happens to the system under test at an instant: an incident raised by a person or an alert.</summary>
/// <remarks>Exactly one of <see cref="Incident"/> and <see cref="Alert"/> is set.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ScenarioInject
{
    /// <summary>Gets the instant the inject happens.</summary>
    public required Instant At { get; init; }

    /// <summary>Gets the incident a person opens, or <see langword="null"/> for an alert.</summary>
    public NewIncident? Incident { get; init; }

    /// <summary>Gets the alert that fires (its status is Firing), or <see langword="null"/> for an incident.</summary>
    public Alert? Alert { get; init; }

    /// <summary>Gets how long after the acknowledgement the owner resolves the incident, or <see langword="null"/> for the scenario's default.</summary>
    public DelayDistribution? ResolveAfter { get; init; }

    /// <summary>Gets how long the alert keeps firing before its source sends the resolve, or <see langword="null"/> when it never resolves by itself.</summary>
    public DelayDistribution? FiresFor { get; init; }

    /// <summary>Gets the facilitator's words for a tabletop exercise ("The database primary stops answering"), or <see langword="null"/>.</summary>
    public string? Note { get; init; }
}
