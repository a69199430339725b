namespace IncidentKit.Configuration;

/// <summary>Describes the targets of one priority.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record SlaTargetsConfiguration
{
    /// <summary>Gets how soon the incident must be acknowledged.</summary>
    public SlaTargetConfiguration? Response { get; init; }

    /// <summary>Gets how soon the incident must be resolved.</summary>
    public SlaTargetConfiguration? Resolution { get; init; }

    /// <summary>Gets how often the stakeholders must get a status update.</summary>
    public SlaTargetConfiguration? Update { get; init; }
}
