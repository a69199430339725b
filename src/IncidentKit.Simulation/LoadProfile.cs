using IncidentKit.Categories;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Describes a steady stream of incidents for one service: random arrivals at an average rate over a period.</summary>
/// <remarks>Arrivals are a Poisson process drawn from the scenario's seed: the same seed gives the same arrivals.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record LoadProfile
{
    /// <summary>Gets the service the incidents are about (it also titles them).</summary>
    public required string Service { get; init; }

    /// <summary>Gets the category the incidents are opened with, which the escalation matrix can select on.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the average number of incidents per day, more than 0 and at most 10 000.</summary>
    public required double PerDay { get; init; }

    /// <summary>Gets the start of the period.</summary>
    public required Instant From { get; init; }

    /// <summary>Gets the end of the period (exclusive).</summary>
    public required Instant To { get; init; }

    /// <summary>Gets the impact of the incidents.</summary>
    /// <value>The default value is <see cref="Impact.Medium"/>.</value>
    public Impact Impact { get; init; } = Impact.Medium;

    /// <summary>Gets the urgency of the incidents.</summary>
    /// <value>The default value is <see cref="Urgency.Medium"/>.</value>
    public Urgency Urgency { get; init; } = Urgency.Medium;

    /// <summary>Gets how long after the acknowledgement the owner resolves, or <see langword="null"/> for the scenario's default.</summary>
    public DelayDistribution? ResolveAfter { get; init; }
}
