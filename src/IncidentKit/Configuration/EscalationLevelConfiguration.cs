using System.ComponentModel.DataAnnotations;

namespace IncidentKit.Configuration;

/// <summary>Describes one escalation level: whom to page and how long to wait first.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a level object with \"delay\" and \"targets\"")]
public sealed record EscalationLevelConfiguration
{
    /// <summary>Gets whether the level pages responders (functional) or management (hierarchical).</summary>
    /// <value>The default value is functional.</value>
    [Expected("kind")]
    public IncidentKit.Escalation.EscalationKind Kind { get; set; } = IncidentKit.Escalation.EscalationKind.Functional;

    /// <summary>Gets how long after the previous level this level pages: ISO-8601 ("PT5M") or short ("5m", "1h30m", "1d"), elapsed time.</summary>
    [Expected("a duration such as \"5m\" or \"PT5M\"")]
    public string? Delay { get; init; }

    /// <summary>Gets whom the level pages: "schedule:&lt;id&gt;", "team:&lt;name&gt;", "role:&lt;name&gt;" or "user:&lt;id&gt;".</summary>
    [Expected("an array such as [\"schedule:dba-primary\", \"team:dba\", \"role:incident-commander\", \"user:alice\"]", "a target such as \"schedule:dba-primary\"")]
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>Gets the 1-based level the walk continues at after this one; left out for the next.</summary>
    [Range(1, 64)]
    public int? JumpTo { get; init; }

    /// <summary>Gets whether the level may page at once (a zero delay).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowZeroDelay { get; init; }
}
