namespace IncidentKit.Configuration;

/// <summary>Describes the incident states that pause each target kind.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record SlaPausesConfiguration
{
    /// <summary>Gets the open states in which the response clock stops, e.g. ["onHold"].</summary>
    [Expected("an array of states, e.g. [\"onHold\"]", "incident state")]
    public IReadOnlyList<IncidentKit.Incidents.IncidentState>? Response { get; init; }

    /// <summary>Gets the open states in which the resolution clock stops, e.g. ["onHold"].</summary>
    [Expected("an array of states, e.g. [\"onHold\"]", "incident state")]
    public IReadOnlyList<IncidentKit.Incidents.IncidentState>? Resolution { get; init; }

    /// <summary>Gets the open states in which the update clock stops, e.g. ["onHold"].</summary>
    [Expected("an array of states, e.g. [\"onHold\"]", "incident state")]
    public IReadOnlyList<IncidentKit.Incidents.IncidentState>? Update { get; init; }
}
