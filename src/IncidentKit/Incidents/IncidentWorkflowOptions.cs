using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Holds the workflow rules that differ between teams.</summary>
/// <threadsafety>This type is mutable and not thread-safe; <see cref="IncidentRules"/> copies it when built.</threadsafety>
public sealed class IncidentWorkflowOptions
{
    /// <summary>Gets or sets whether work may start, or the incident be resolved, straight from New without an acknowledgement.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AllowSkipAcknowledge { get; set; } = true;

    /// <summary>Gets or sets whether an acknowledged incident may be put on hold before work starts ("waiting on the customer"
    /// right after acknowledging).</summary>
    /// <value>The default value is <see langword="true"/>. When <see langword="false"/>, only an incident in progress may be put on
    /// hold. Either way, resuming leads to In progress.</value>
    public bool AllowHoldWhenAcknowledged { get; set; } = true;

    /// <summary>Gets or sets whether an assignee is required before work starts.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RequireAssigneeToStartWork { get; set; }

    /// <summary>Gets or sets how long after resolution an incident may be reopened; after that it can only be closed.</summary>
    /// <value>The default value is 7 days. Zero forbids reopening.</value>
    public Duration ReopenWindow { get; set; } = Duration.FromDays(7);

    /// <summary>Gets or sets whether closing a resolved incident needs a verification by its reporter or its owner (the assignee).</summary>
    /// <value>The default value is <see langword="false"/>: anyone allowed to close may close.</value>
    /// <remarks>The reporter or owner confirms (closes) or rejects (reopens); the system actor may still close, so a host's
    /// auto-close after a quiet period (<c>AutoCloseResolvedAfter</c>) closes an unverified resolution by itself.</remarks>
    public bool RequireResolutionVerification { get; set; }

    /// <summary>Gets or sets whether an incident with an attached runbook can be resolved only once every required step is completed or skipped.</summary>
    /// <value>The default value is <see langword="false"/>: the runbook guides but does not gate.</value>
    public bool RequireRunbookStepsToResolve { get; set; }
}
