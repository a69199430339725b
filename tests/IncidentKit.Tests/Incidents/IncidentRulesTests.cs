using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentRulesTests
{
    [Fact]
    public void ToMermaidDiagram_Default_ContainsEveryStateAndTheGuardedTransitions()
    {
        var diagram = IncidentRules.Default.ToMermaidDiagram();
        Assert.StartsWith("stateDiagram-v2", diagram.TrimStart(), StringComparison.Ordinal);
        Assert.All(Enum.GetNames<IncidentState>(), s => Assert.Contains(s, diagram, StringComparison.Ordinal));
        Assert.Contains("New --> InProgress", diagram, StringComparison.Ordinal);
        Assert.Contains("OnHold --> InProgress", diagram, StringComparison.Ordinal);
        Assert.Contains("Resolved --> InProgress", diagram, StringComparison.Ordinal);
        Assert.Contains("Resolved --> Closed", diagram, StringComparison.Ordinal);
        Assert.Contains("reopen window", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("Closed --> ", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled --> ", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("Resolved --> Cancelled", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaidDiagram_StartsAtNew()
    {
        Assert.Contains("[*] --> New", IncidentRules.Default.ToMermaidDiagram(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaidDiagram_FollowsTheLiveConfiguration()
    {
        var strict = new IncidentRules(new IncidentWorkflowOptions { AllowSkipAcknowledge = false }).ToMermaidDiagram();
        var lax = new IncidentRules(new IncidentWorkflowOptions { AllowSkipAcknowledge = true }).ToMermaidDiagram();
        Assert.NotEqual(strict, lax);
        Assert.DoesNotContain("New --> InProgress", strict, StringComparison.Ordinal);
        Assert.DoesNotContain("New --> Resolved", strict, StringComparison.Ordinal);
        Assert.Contains("New --> Resolved", lax, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaidDiagram_AfterDecisions_IsUnchanged()
    {
        // Deciding must not move the machine the diagram is drawn from.
        var rules = new IncidentRules();
        var before = rules.ToMermaidDiagram();
        var incident = TestSupport.Fixtures.InState(IncidentState.Closed, rules);
        Assert.Empty(incident.PermittedCommands(TestSupport.Fixtures.At(10)));
        Assert.Equal(before, rules.ToMermaidDiagram());
    }

    [Fact]
    public void Constructor_Nulls_TakeTheDefaults()
    {
        var rules = new IncidentRules();
        Assert.Same(PriorityMatrix.Default, rules.PriorityMatrix);
        Assert.Same(CategoryTree.Open, rules.Categories);
        Assert.Same(PriorityMatrix.Default, IncidentRules.Default.PriorityMatrix);
    }
}
