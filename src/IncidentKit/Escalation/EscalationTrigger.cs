namespace IncidentKit.Escalation;

/// <summary>Lists why an escalation step fired (or why an escalation started).</summary>
public enum EscalationTrigger
{
    /// <summary>The escalation started: the starting level is notified at once.</summary>
    Started = 0,

    /// <summary>Nobody acknowledged within the previous level's delay.</summary>
    Timeout = 1,

    /// <summary>An SLA target reached its warning threshold: a functional step.</summary>
    SlaWarning = 2,

    /// <summary>An SLA target was breached: a hierarchical step.</summary>
    SlaBreach = 3,

    /// <summary>Someone escalated by hand, with a reason.</summary>
    Manual = 4,

    /// <summary>The priority was raised and the matrix was asked again.</summary>
    PriorityRaised = 5,

    /// <summary>The incident was reopened: a new snapshot and a new cycle through the whole policy, until someone acknowledges.</summary>
    Reopened = 6,

    /// <summary>The matrix rule that started the escalation asked to notify a hierarchical level at once, too.</summary>
    MatrixRule = 7,
}
