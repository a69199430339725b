using System.Text.RegularExpressions;
using IncidentKit.Incidents;

namespace IncidentKit.Docs.Tests;

// The README draws the workflow by hand (state-keeping commands once, as a note); its state-changing transitions are exactly
// those of the live workflow that IncidentRules.ToMermaidDiagram() draws from the Stateless configuration.
public sealed partial class WorkflowDiagramTests
{
    [Fact]
    public void ReadmeDiagram_StateChangingTransitions_MatchTheLiveWorkflow()
    {
        var readme = Repository.Read("README.md");
        var diagram = readme[readme.IndexOf("```mermaid\nstateDiagram-v2", StringComparison.Ordinal)..];
        diagram = diagram[..diagram.IndexOf("\n```", 3, StringComparison.Ordinal)];
        var drawn = Transitions(diagram).ToHashSet();
        var live = Transitions(new IncidentRules().ToMermaidDiagram()).Where(t => t.From != t.To).ToHashSet();

        Assert.True(live.Count > 5, "the live diagram should have transitions: " + new IncidentRules().ToMermaidDiagram());
        Assert.Equal(live.Order(), drawn.Order());
    }

    // "A --> B: Command (remark)" or Stateless' "A --> B : Command"; the start and end markers are not transitions.
    private static IEnumerable<(string From, string To, string Command)> Transitions(string mermaid) =>
        Transition().Matches(mermaid).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value, m.Groups["command"].Value))
            .Where(t => t.Item1 != "[*]" && t.Item2 != "[*]");

    [GeneratedRegex(@"^\s*(?<from>\S+)\s*-->\s*(?<to>\S+)\s*:\s*(?<command>\w+)", RegexOptions.Multiline)]
    private static partial Regex Transition();
}
