namespace IncidentKit.Configuration;

/// <summary>Describes one SLA policy: its targets by priority, warnings, pausing states and reopen rule.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record SlaPolicyConfiguration
{
    /// <summary>Gets the policy's name, shown on SLA events.</summary>
    [Expected("the policy's name as a string")]
    public string? Name { get; init; }

    /// <summary>Gets the condition that selects the policy; left out for the fallback policy.</summary>
    [Expected("{ \"priorities\": [...], \"category\": ..., \"tenant\": ... }")]
    public SlaConditionConfiguration? When { get; init; }

    /// <summary>Gets the name of the business calendar targets are measured on unless they name their own; left out for 24x7.</summary>
    [Expected("a calendar name, or null for 24x7")]
    public string? Calendar { get; init; }

    /// <summary>Gets the targets per priority ("P1" to "P99").</summary>
    [Expected("an object of priorities, e.g. { \"P1\": { \"response\": \"15m\", \"resolution\": \"4h\" } }", "{ \"response\": ..., \"resolution\": ..., \"update\": ... }")]
    public IReadOnlyDictionary<string, SlaTargetsConfiguration>? Targets { get; init; }

    /// <summary>Gets the percentages of each target at which a warning is recorded.</summary>
    /// <value>The default value is <see langword="null"/>: 50, 75 and 90 % for every target.</value>
    [Expected("an object keyed by \"response\", \"resolution\" or \"update\"")]
    public SlaWarningsConfiguration? Warnings { get; init; }

    /// <summary>Gets the incident states that stop each target's clock.</summary>
    /// <value>The default value is <see langword="null"/>: onHold pauses the resolution clock only.</value>
    [Expected("an object keyed by \"response\", \"resolution\" or \"update\"")]
    public SlaPausesConfiguration? PausedBy { get; init; }

    /// <summary>Gets whether a reopened incident's targets restart or continue.</summary>
    /// <value>The default value is <see langword="null"/>: restart.</value>
    [Expected("reopen mode")]
    public IncidentKit.Sla.SlaReopenMode? Reopen { get; init; }
}
