using System.ComponentModel.DataAnnotations;

namespace IncidentKit.Configuration;

/// <summary>Describes how an escalation walk repeats: a number of further rounds or forever, from a level.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record EscalationRepeatConfiguration
{
    /// <summary>Gets the number of further rounds after the first.</summary>
    [Range(0, 1000)]
    public int? Times { get; init; }

    /// <summary>Gets whether the walk repeats until someone acknowledges.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Forever { get; init; }

    /// <summary>Gets the 1-based level each further round starts at.</summary>
    /// <value>The default value is 1.</value>
    [Range(1, 64)]
    public int From { get; set; } = 1;
}
