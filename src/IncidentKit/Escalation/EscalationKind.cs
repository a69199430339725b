namespace IncidentKit.Escalation;

/// <summary>Lists the two directions an incident escalates in.</summary>
public enum EscalationKind
{
    /// <summary>To a higher support tier or a specialist team: more skill on the problem.</summary>
    Functional = 0,

    /// <summary>To management: more authority, resources or awareness.</summary>
    Hierarchical = 1,
}
