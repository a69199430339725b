namespace IncidentKit.Simulation;

/// <summary>Names the kinds of <see cref="DelayDistribution"/>.</summary>
public enum DelayDistributionKind
{
    /// <summary>Always the same time.</summary>
    Fixed,

    /// <summary>Uniform between two times.</summary>
    Uniform,

    /// <summary>Log-normal around a median.</summary>
    LogNormal,
}
