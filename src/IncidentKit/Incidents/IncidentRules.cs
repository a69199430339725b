using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Guards;
using IncidentKit.Prioritization;

namespace IncidentKit.Incidents;

/// <summary>Bundles what an incident's decisions depend on: the workflow rules, the priority matrix and the category taxonomy.</summary>
/// <remarks>Build one per application and share it; it configures the workflow's state machine once.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class IncidentRules
{
    /// <summary>Initializes the rules; the workflow options are copied, so later changes to them have no effect.</summary>
    /// <param name="workflow">The workflow options; <see langword="null"/> takes the defaults.</param>
    /// <param name="priorityMatrix">The priority matrix; <see langword="null"/> takes <see cref="PriorityMatrix.Default"/>.</param>
    /// <param name="categories">The category taxonomy; <see langword="null"/> accepts any category (<see cref="CategoryTree.Open"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The reopen window is negative.</exception>
    public IncidentRules(IncidentWorkflowOptions? workflow = null, PriorityMatrix? priorityMatrix = null, CategoryTree? categories = null)
    {
        workflow ??= new IncidentWorkflowOptions();
        Guard.Against.NegativeDuration(workflow.ReopenWindow, $"{nameof(workflow)}.{nameof(workflow.ReopenWindow)}");
        Workflow = new IncidentWorkflow(workflow.AllowSkipAcknowledge, workflow.RequireAssigneeToStartWork, workflow.ReopenWindow, workflow.AllowHoldWhenAcknowledged);
        RequireResolutionVerification = workflow.RequireResolutionVerification;
        RequireRunbookStepsToResolve = workflow.RequireRunbookStepsToResolve;
        PriorityMatrix = priorityMatrix ?? PriorityMatrix.Default;
        Categories = categories ?? CategoryTree.Open;
    }

    /// <summary>Gets the rules with default workflow options, the ITIL 3×3 matrix and an open taxonomy.</summary>
    public static IncidentRules Default { get; } = new();

    /// <summary>Gets whether closing a resolved incident needs a verification by its reporter or owner (see <see cref="IncidentWorkflowOptions.RequireResolutionVerification"/>).</summary>
    public bool RequireResolutionVerification { get; }

    /// <summary>Gets whether resolving waits for the attached runbook's required steps (see <see cref="IncidentWorkflowOptions.RequireRunbookStepsToResolve"/>).</summary>
    public bool RequireRunbookStepsToResolve { get; }

    /// <summary>Gets the priority matrix.</summary>
    public PriorityMatrix PriorityMatrix { get; }

    /// <summary>Gets the category taxonomy.</summary>
    public CategoryTree Categories { get; }

    internal IncidentWorkflow Workflow { get; }

    /// <summary>Returns the workflow as a Mermaid state diagram, generated from the live Stateless configuration.</summary>
    /// <returns>The diagram's Mermaid source.</returns>
    public string ToMermaidDiagram() => Workflow.ToMermaid();
}
