namespace IncidentKit.Incidents;

/// <summary>Lists how far a diagnosis has come.</summary>
public enum DiagnosisStage
{
    /// <summary>What is observed: errors, latency, who is affected.</summary>
    Symptoms = 0,

    /// <summary>A cause believed likely but not yet proven.</summary>
    SuspectedCause = 1,

    /// <summary>The root cause, proven.</summary>
    ConfirmedRootCause = 2,
}
