namespace IncidentKit.Escalation;

/// <summary>Lists how hard an incident is to handle, one of the escalation matrix's criteria besides priority and category.</summary>
/// <remarks>The incident core does not track complexity; the host supplies it when it asks the engine (e.g. from the number of
/// services involved or a triage answer). Higher values are more complex, so rules can say "at least Complex".</remarks>
public enum Complexity
{
    /// <summary>A known problem with a known fix.</summary>
    Simple = 0,

    /// <summary>The usual case; the default.</summary>
    Standard = 1,

    /// <summary>Several teams or systems involved, or the cause is unknown.</summary>
    Complex = 2,

    /// <summary>A major incident that needs coordination across the organisation.</summary>
    Major = 3,
}
